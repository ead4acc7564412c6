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
import java.util.Objects;
import java.util.Optional;

/**
 * What an approving device hands a new device of the same account, sealed with {@link ProvisioningCipher} to the
 * provisioning key the new device showed as its link code: the account identity key pair (as Signal's
 * {@code ProvisionMessage} carries {@code identityKeyPublic} and {@code identityKeyPrivate}), whose account it is, and
 * which device approved it. Protobuf {@code {1: suite, 2: identity public, 3: identity private, 4: userId,
 * 5: approver deviceId}}.
 */
public record AccountProvision(String userId, KeyPair identity, String approverDeviceId) {
    public AccountProvision {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(approverDeviceId, "approverDeviceId");
    }

    /** The provisioning envelope for the new device's {@code provisioningKey}. */
    public byte[] seal(PublicKey provisioningKey, SecureRandom random) {
        byte[] plain = new ProtoWriter()
                .bytes(1, Suites.SIGNAL_V3.getBytes(StandardCharsets.US_ASCII))
                .bytes(2, identity.publicKey().serialize())
                .bytes(3, identity.privateKey().bytes())
                .bytes(4, userId.getBytes(StandardCharsets.UTF_8))
                .bytes(5, approverDeviceId.getBytes(StandardCharsets.UTF_8))
                .toByteArray();
        return ProvisioningCipher.encrypt(provisioningKey, plain, random);
    }

    /**
     * The provision in {@code envelope}, or empty when it was not sealed to {@code provisioningKey}, was altered, is
     * of an unknown suite, or carries an identity key pair whose halves do not belong together.
     */
    public static Optional<AccountProvision> open(KeyPair provisioningKey, byte[] envelope) {
        return ProvisioningCipher.decrypt(provisioningKey, envelope).flatMap(AccountProvision::decode);
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
            return Optional.of(new AccountProvision(new String(user, StandardCharsets.UTF_8), identity,
                    new String(approver, StandardCharsets.UTF_8)));
        } catch (InvalidMessageException | IllegalArgumentException malformed) { // bad key bytes included
            return Optional.empty();
        }
    }
}
