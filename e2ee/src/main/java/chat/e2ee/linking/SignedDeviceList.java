package chat.e2ee.linking;

import chat.e2ee.curve.PrivateKey;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.curve.Xeddsa;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * A {@link DeviceList} with its XEdDSA signature by the account identity key, as the server stores and serves it
 * (opaque to the server: it cannot make one). The signature covers a fixed context string and the list, so it can
 * never be mistaken for a signature over a prekey.
 */
public record SignedDeviceList(byte[] list, byte[] signature) {
    private static final byte[] CONTEXT = "chat device list".getBytes(StandardCharsets.US_ASCII);

    /** What verifying a list against what this client has seen gives. */
    public sealed interface Check {
        record Accepted(DeviceList list) implements Check {
        }

        /** Well signed but not newer than the version this client already holds: the server replayed an old list. */
        record Rollback(long offered, long held) implements Check {
        }

        record Refused(Reason reason, String detail) implements Check {
        }
    }

    /** Why a list was refused. */
    public enum Reason {
        BAD_SIGNATURE,
        MALFORMED,
        /** The list names another user. */
        OTHER_USER,
        /** Another list under the version this client holds. */
        FORK
    }

    public static SignedDeviceList sign(DeviceList list, PrivateKey accountIdentity, SecureRandom random) {
        byte[] encoded = list.encode();
        return new SignedDeviceList(encoded, Xeddsa.sign(accountIdentity, signed(encoded), random));
    }

    /**
     * Checks the signature with the account identity key, that the list is {@code userId}'s, and that it does not go
     * back from the list this client holds: an older version is a rollback, the same version must be the same list
     * (two different lists under one version mean a device signed a fork: refused).
     */
    public Check verify(PublicKey accountIdentity, String userId, Optional<DeviceList> held) {
        if (!Xeddsa.verify(accountIdentity, signed(list), signature)) {
            return new Check.Refused(Reason.BAD_SIGNATURE, "the signature does not verify with the account identity key");
        }
        DeviceList decoded;
        try {
            decoded = DeviceList.decode(list);
        } catch (InvalidMessageException e) {
            return new Check.Refused(Reason.MALFORMED, e.getMessage());
        }
        if (!decoded.userId().equals(userId)) {
            return new Check.Refused(Reason.OTHER_USER, "the list is " + decoded.userId() + "'s, not " + userId + "'s");
        }
        if (held.isPresent() && decoded.version() < held.get().version()) {
            return new Check.Rollback(decoded.version(), held.get().version());
        }
        if (held.isPresent() && decoded.version() == held.get().version() && !decoded.equals(held.get())) {
            return new Check.Refused(Reason.FORK, "a different list under the same version " + decoded.version());
        }
        return new Check.Accepted(decoded);
    }

    public byte[] serialize() {
        return new ProtoWriter().bytes(1, list).bytes(2, signature).toByteArray();
    }

    public static SignedDeviceList parse(byte[] bytes) {
        ProtoReader in = ProtoReader.parse(bytes);
        if (in.bytes(1) == null || in.bytes(2) == null) {
            throw new InvalidMessageException("incomplete signed device list");
        }
        return new SignedDeviceList(in.bytes(1), in.bytes(2));
    }

    private static byte[] signed(byte[] list) {
        byte[] out = new byte[CONTEXT.length + list.length];
        System.arraycopy(CONTEXT, 0, out, 0, CONTEXT.length);
        System.arraycopy(list, 0, out, CONTEXT.length, list.length);
        return out;
    }
}
