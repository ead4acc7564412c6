package chat.e2ee.session;

/** The keys of one Double Ratchet message: AES-256 key, HMAC-SHA256 key, CBC IV, and the chain index they are for. */
record MessageKeys(byte[] cipherKey, byte[] macKey, byte[] iv, int counter) {
}
