package chat.model.api;

import chat.model.ChatException;
import chat.model.ErrorCode;

final class Passwords {
    static final int MIN = 8;
    static final int MAX = 128;

    private Passwords() {
    }

    static void check(String password) {
        check(password, "password");
    }

    /** A password being set: 8 to 128 characters. */
    static void check(String password, String field) {
        if (password == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        if (password.length() < MIN || password.length() > MAX) {
            throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be " + MIN + " to " + MAX + " characters");
        }
    }

    /** A password being presented: any length a password can have (so a wrong one is UNAUTHENTICATED, not invalid). */
    static void presented(String password, String field) {
        if (password == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        if (password.isEmpty() || password.length() > MAX) {
            throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be 1 to " + MAX + " characters");
        }
    }
}
