package chat.bench;

import java.util.Locale;

/** How the benchmark's receivers ack what they show ({@code --acks}). */
enum AckMode {
    /** Never: the figures leave out the acks and receipts a real client causes (how the benchmark used to run). */
    NONE,
    /** As the reference client: delivered on receipt, read soon after, coalesced by its {@code AckCoalescer}. */
    CLIENT;

    static final String OPTION = "acks";

    /** The mode {@code --acks} names; {@link #CLIENT} when it is not given. */
    static AckMode of(BenchArgs args) {
        String value = args.text(OPTION, "client");
        for (AckMode m : values()) {
            if (m.word().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--" + OPTION + " must be none or client, not '" + value + "'");
    }

    /** As written on the command line and in the figures. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
