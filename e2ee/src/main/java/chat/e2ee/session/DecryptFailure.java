package chat.e2ee.session;

/** Carries a {@link Failure} out of the middle of a decryption; never leaves the package (the API returns values). */
final class DecryptFailure extends Exception {
    private final Failure failure;

    DecryptFailure(Failure failure, String detail) {
        super(detail, null, false, false);
        this.failure = failure;
    }

    Failure failure() {
        return failure;
    }

    Decryption.Failed toResult() {
        return new Decryption.Failed(failure, getMessage());
    }
}
