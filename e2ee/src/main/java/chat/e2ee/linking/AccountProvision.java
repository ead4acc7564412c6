package chat.e2ee.linking;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PrivateKey;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import chat.e2ee.wire.Suites;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an approving device hands a new device of the same account, sealed with {@link ProvisioningCipher} to the
 * provisioning key the new device showed as its link code: the account identity key pair (as Signal's
 * {@code ProvisionMessage} carries {@code identityKeyPublic} and {@code identityKeyPrivate}), whose account it is, and
 * which device approved it, and the Sender Keys the approving device holds, each from the start of its chain, so the
 * new device decrypts the conversations' stored history. Protobuf {@code {1: suite, 2: identity public, 3: identity
 * private, 4: userId, 5: approver deviceId, 6: history key...}}, a history key {@code {1: conversationId, 2: sender
 * userId, 3: sender deviceId, 4: SenderKeyDistributionMessage}}.
 */
public record AccountProvision(String userId, KeyPair identity, String approverDeviceId, List<HistoryKey> history) {
    /** One Sender Key from the start of its chain: {@code distribution} is a serialized SenderKeyDistributionMessage. */
    public record HistoryKey(String conversationId, String userId, String deviceId, byte[] distribution) {
        public HistoryKey {
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(distribution, "distribution");
        }

        byte[] encode() {
            return new ProtoWriter().bytes(1, utf8(conversationId)).bytes(2, utf8(userId)).bytes(3, utf8(deviceId))
                    .bytes(4, distribution).toByteArray();
        }

        static HistoryKey decode(byte[] bytes) {
            ProtoReader in = ProtoReader.parse(bytes);
            byte[] c = in.bytes(1);
            byte[] u = in.bytes(2);
            byte[] d = in.bytes(3);
            byte[] k = in.bytes(4);
            if (c == null || u == null || d == null || k == null) {
                throw new InvalidMessageException("incomplete history key");
            }
            return new HistoryKey(str(c), str(u), str(d), k);
        }

        /** Its encoded size in a provision (field header and length included, within a few bytes). */
        public int size() {
            return encode().length + 4;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HistoryKey h && h.conversationId.equals(conversationId) && h.userId.equals(userId)
                    && h.deviceId.equals(deviceId) && Arrays.equals(h.distribution, distribution);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, userId, deviceId, Arrays.hashCode(distribution));
        }
    }

    public AccountProvision {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(approverDeviceId, "approverDeviceId");
        history = List.copyOf(history);
    }

    /** The provisioning envelope for the new device's {@code provisioningKey}. */
    public byte[] seal(PublicKey provisioningKey, SecureRandom random) {
        ProtoWriter out = new ProtoWriter()
                .bytes(1, Suites.SIGNAL_V3.getBytes(StandardCharsets.US_ASCII))
                .bytes(2, identity.publicKey().serialize())
                .bytes(3, identity.privateKey().bytes())
                .bytes(4, userId.getBytes(StandardCharsets.UTF_8))
                .bytes(5, approverDeviceId.getBytes(StandardCharsets.UTF_8));
        history.forEach(h -> out.bytes(6, h.encode()));
        byte[] plain = out.toByteArray();
        return ProvisioningCipher.encrypt(provisioningKey, plain, random);
    }

    /**
     * The provision in {@code envelope}, or empty when it was not sealed to {@code provisioningKey}, was altered, is
     * of an unknown suite, or carries an identity key pair whose halves do not belong together.
     */
    public static Optional<AccountProvision> open(KeyPair provisioningKey, byte[] envelope) {
        return ProvisioningCipher.decrypt(provisioningKey, envelope).flatMap(AccountProvision::decode);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Optional<AccountProvision> decode(byte[] plain) {
        try {
            ProtoReader in = ProtoReader.parse(plain);
            byte[] suite = in.bytes(1);
            Suites.requireKnown(suite == null ? null : new String(suite, StandardCharsets.US_ASCII));
            byte[] publicKey = in.bytes(2);
            byte[] privateKey = in.bytes(3);
            byte[] user = in.bytes(4);
            byte[] approver = in.bytes(5);
            if (publicKey == null || privateKey == null || user == null || approver == null) {
                return Optional.empty();
            }
            KeyPair identity = KeyPair.of(PrivateKey.of(privateKey));
            if (!identity.publicKey().equals(PublicKey.decode(publicKey))) {
                return Optional.empty();
            }
            List<HistoryKey> history = new ArrayList<>();
            in.repeatedBytes(6).forEach(h -> history.add(HistoryKey.decode(h)));
            return Optional.of(new AccountProvision(new String(user, StandardCharsets.UTF_8), identity,
                    new String(approver, StandardCharsets.UTF_8), history));
        } catch (InvalidMessageException | IllegalArgumentException malformed) { // bad key bytes included
            return Optional.empty();
        }
    }
}
