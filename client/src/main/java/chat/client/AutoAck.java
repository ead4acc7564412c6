package chat.client;

/**
 * What the reference client acks when messages become showable (everything before them there): nothing, "delivered
 * up to the contiguous seq", or "read up to it" (a user with the conversation open; one frame carries both). The
 * {@link ChatDevice} and the benchmark's receivers both ack through this, so the benchmark acks as the client does.
 */
public enum AutoAck {
    NONE, DELIVERED, READ;

    /** The policy of a device that acks delivered and/or read on its own. */
    public static AutoAck of(boolean delivered, boolean read) {
        return read ? READ : delivered ? DELIVERED : NONE;
    }

    /** Messages of {@code conversationId} up to {@code upTo} were just shown, with nothing missing before. */
    public void shown(AckCoalescer acks, String conversationId, long upTo) {
        switch (this) {
            case READ -> acks.read(conversationId, upTo);
            case DELIVERED -> acks.delivered(conversationId, upTo);
            case NONE -> {
            }
        }
    }
}
