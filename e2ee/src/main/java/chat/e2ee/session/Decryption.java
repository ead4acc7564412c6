package chat.e2ee.session;

/** The outcome of a decryption: the plaintext, or why not — a value, since a bad message is an ordinary event. */
public sealed interface Decryption {
    record Plaintext(byte[] bytes) implements Decryption {
    }

    record Failed(Failure failure, String detail) implements Decryption {
    }

    static Decryption failed(Failure failure, String detail) {
        return new Failed(failure, detail);
    }
}
