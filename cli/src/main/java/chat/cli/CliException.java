package chat.cli;

/** A failure the CLI reports as {@code error: CODE: message}. */
final class CliException extends RuntimeException {
    private final String code;

    CliException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
