package chat.bench;

import chat.client.AutoAck;
import java.util.Locale;

/** How the benchmark's receivers ack what they show ({@code --acks}). */
enum AckMode {
    /** Never: the figures leave out the acks and receipts a real client causes (how the benchmark used to run). */
    NONE(AutoAck.NONE),
    /** As the reference client that only acks delivered (a device whose user has not opened the conversation). */
    DELIVERED(AutoAck.DELIVERED),
    /**
     * As the reference client with the conversation open ({@code chat watch}): each message shown is delivered and
     * read at once, in one ack frame, coalesced per conversation over the client's ack window.
     */
    CLIENT(AutoAck.READ);

    static final String OPTION = "acks";
    /** How long a receiver's ack waits for others of its conversation (the reference client's window). */
    static final String WINDOW_OPTION = "ack-window-ms";

    private final AutoAck policy;

    AckMode(AutoAck policy) {
        this.policy = policy;
    }

    /** The mode {@code --acks} names; {@link #CLIENT} when it is not given. */
    static AckMode of(BenchArgs args) {
        String value = args.text(OPTION, "client");
        for (AckMode m : values()) {
            if (m.word().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--" + OPTION + " must be none, delivered or client, not '" + value + "'");
    }

    /** What the reference client acks when a message is shown, in this mode. */
    AutoAck policy() {
        return policy;
    }

    /** As written on the command line and in the figures. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
