package chat.model.api;

import chat.model.ChatException;
import chat.model.ErrorCode;

final class Passwords {
    static final int MIN = 8;
    static final int MAX = 128;

    private Passwords() {
    }

    static void check(String password) {
        if (password == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: password");
        }
        if (password.length() < MIN || password.length() > MAX) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "password must be " + MIN + " to " + MAX + " characters");
        }
    }
}
