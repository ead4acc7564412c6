package chat.cli;

import chat.e2ee.curve.PublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code chat verify} found: the identity key this device trusts for a user (trusted on first use, or accepted
 * after a change) against the one the key directory serves now. {@code shown} is the key the safety number is made
 * of: the trusted one while it stands, the served one when it is new or has replaced it.
 */
record IdentityCheck(Outcome outcome, PublicKey shown) {
    enum Outcome {
        /** Never seen before: the served key becomes the trusted one. */
        FIRST_SEEN,
        /** The directory serves the trusted key (or nothing: the user's devices are gone, the key still stands). */
        UNCHANGED,
        /** The directory serves another key: nothing is sent to it until the user accepts it. */
        CHANGED
    }

    /**
     * @param served the identity keys of the user's devices in the directory (one for an account whose devices are
     *     linked; more would mean the server serves devices the account never approved)
     */
    static IdentityCheck of(Optional<PublicKey> trusted, Set<PublicKey> served) {
        if (served.size() > 1) {
            throw new CliException("KEYS_INCONSISTENT", "the key directory serves " + served.size()
                    + " different identity keys for this user's devices: do not trust any of them");
        }
        Optional<PublicKey> current = served.stream().findFirst();
        if (trusted.isEmpty()) {
            return new IdentityCheck(Outcome.FIRST_SEEN, current.orElseThrow(() -> new CliException("NO_KEYS",
                    "this user has published no keys yet: there is no safety number until one of their devices"
                            + " logs in")));
        }
        if (current.isEmpty() || current.get().equals(trusted.get())) {
            return new IdentityCheck(Outcome.UNCHANGED, trusted.get());
        }
        return new IdentityCheck(Outcome.CHANGED, current.get());
    }
}
