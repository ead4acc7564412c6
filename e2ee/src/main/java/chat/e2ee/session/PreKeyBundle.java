package chat.e2ee.session;

import chat.e2ee.curve.PublicKey;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the key directory hands out for one device: its identity key, registration id, signed prekey with its XEdDSA
 * signature, and at most one one-time prekey (absent when the device has run out: X3DH then runs without DH4).
 */
public record PreKeyBundle(int registrationId, PublicKey identityKey, int signedPreKeyId, PublicKey signedPreKey,
        byte[] signedPreKeySignature, OptionalInt oneTimePreKeyId, Optional<PublicKey> oneTimePreKey) {
    public PreKeyBundle {
        if (identityKey == null || signedPreKey == null || signedPreKeySignature == null) {
            throw new IllegalArgumentException("a bundle needs an identity key and a signed prekey with signature");
        }
        if (oneTimePreKeyId.isPresent() != oneTimePreKey.isPresent()) {
            throw new IllegalArgumentException("a one-time prekey comes with its id");
        }
    }
}
