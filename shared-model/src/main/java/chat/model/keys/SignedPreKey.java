package chat.model.keys;

/**
 * A device's signed prekey: its id, the public key (base64 of Signal's 33 bytes) and the XEdDSA signature (base64 of
 * 64 bytes) by the device's identity key over exactly those 33 bytes.
 */
public record SignedPreKey(Integer keyId, String publicKey, String signature) {
    public SignedPreKey {
        KeyBytes.keyId(keyId, "signedPreKey.keyId");
        KeyBytes.publicKey(publicKey, "signedPreKey.publicKey");
        KeyBytes.signature(signature, "signedPreKey.signature");
    }

    public byte[] publicKeyBytes() {
        return KeyBytes.bytes(publicKey);
    }

    public byte[] signatureBytes() {
        return KeyBytes.bytes(signature);
    }
}
