package chat.model.api;

import chat.model.Text;

/** Passwords are 8 to 128 characters (code points), any characters; well-formed, so they hash as typed. */
final class Passwords {
    static final int MIN = 8;
    static final int MAX = 128;

    private Passwords() {
    }

    static void check(String password) {
        check(password, "password");
    }

    /** A password being set: 8 to 128 characters (code points). */
    static void check(String password, String field) {
        Text.require(password, field, MIN, MAX);
    }

    /** A password being presented: any length a password can have (so a wrong one is UNAUTHENTICATED, not invalid). */
    static void presented(String password, String field) {
        Text.require(password, field, 1, MAX);
    }
}
