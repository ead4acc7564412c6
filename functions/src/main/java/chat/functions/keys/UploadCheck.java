package chat.functions.keys;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.curve.Xeddsa;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.keys.KeyUpload;
import chat.model.keys.OneTimePreKey;
import chat.model.keys.SignedPreKey;

/**
 * The cryptographic checks of an upload, before anything is stored: every key decodes as a Curve25519 key of the
 * suite, and the signed prekey's XEdDSA signature by the identity key covers its 33 serialized bytes, as Signal
 * checks it.
 */
final class UploadCheck {
    private UploadCheck() {
    }

    static void check(KeyUpload upload) {
        PublicKey identity = decode(upload.identityKeyBytes(), "identityKey");
        SignedPreKey signed = upload.signedPreKey();
        if (signed != null) {
            decode(signed.publicKeyBytes(), "signedPreKey.publicKey");
            if (!Xeddsa.verify(identity, signed.publicKeyBytes(), signed.signatureBytes())) {
                throw new ChatException(ErrorCode.BAD_SIGNATURE,
                        "signedPreKey.signature does not verify against identityKey");
            }
        }
        for (int i = 0; i < upload.oneTimePreKeys().size(); i++) {
            OneTimePreKey k = upload.oneTimePreKeys().get(i);
            decode(k.publicKeyBytes(), "oneTimePreKeys[" + i + "].publicKey");
        }
    }

    private static PublicKey decode(byte[] serialized, String field) {
        try {
            return PublicKey.decode(serialized);
        } catch (InvalidKeyException e) {
            throw new ChatException(ErrorCode.BAD_KEY, field + ": " + e.getMessage());
        }
    }
}
