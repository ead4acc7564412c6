package chat.model.keys;

/** A one-time prekey: its id and the public key (base64 of Signal's 33 bytes). */
public record OneTimePreKey(Integer keyId, String publicKey) {
    public OneTimePreKey {
        KeyBytes.keyId(keyId, "oneTimePreKeys[].keyId");
        KeyBytes.publicKey(publicKey, "oneTimePreKeys[].publicKey");
    }

    public byte[] publicKeyBytes() {
        return KeyBytes.bytes(publicKey);
    }
}
