package chat.client;

/** Life of an outgoing message. States only move forward, except FAILED, which {@code retry} moves back to SENDING. */
public enum MessageState {
    SENDING, SENT, DELIVERED, READ, FAILED;

    /** True for SENT, DELIVERED and READ: the server has stored the message. */
    public boolean stored() {
        return this == SENT || this == DELIVERED || this == READ;
    }
}
