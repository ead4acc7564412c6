package chat.e2ee.messaging;

import java.time.Duration;
import java.util.Objects;

/**
 * When a device starts a new Sender Key for a conversation although nobody left: after {@code maxAge} or after
 * {@code maxMessages} messages on one key, whichever comes first (as Matrix's Megolm bounds its sessions, here with
 * Megolm's week and ten times its 100 messages, since each rotation costs an envelope per member device). Someone
 * who stole a chain key reads at most that much; a rotation costs one pairwise envelope per member device.
 */
public record SenderKeyRotation(Duration maxAge, int maxMessages) {
    public static final SenderKeyRotation DEFAULT = new SenderKeyRotation(Duration.ofDays(7), 1_000);

    public SenderKeyRotation {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero() || maxMessages < 1) {
            throw new IllegalArgumentException("need maxAge > 0 and maxMessages >= 1, got " + maxAge + " and "
                    + maxMessages);
        }
    }

    /** Whether a key that has sealed {@code messagesSealed} messages and is {@code age} old must be replaced. */
    public boolean due(int messagesSealed, Duration age) {
        return messagesSealed >= maxMessages || age.compareTo(maxAge) >= 0;
    }
}
