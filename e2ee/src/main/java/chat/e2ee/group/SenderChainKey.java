package chat.e2ee.group;

import chat.e2ee.primitives.Hmac;

/** A Sender Key's symmetric chain: each step gives one message key and the next chain key (HMAC-SHA256). */
record SenderChainKey(int iteration, byte[] key) {
    private static final byte[] MESSAGE_KEY_SEED = {0x01};
    private static final byte[] CHAIN_KEY_SEED = {0x02};

    SenderChainKey {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("a chain key has 32 bytes");
        }
    }

    SenderMessageKey messageKey() {
        return SenderMessageKey.derive(iteration, Hmac.sha256(key, MESSAGE_KEY_SEED));
    }

    SenderChainKey next() {
        return new SenderChainKey(iteration + 1, Hmac.sha256(key, CHAIN_KEY_SEED));
    }
}
