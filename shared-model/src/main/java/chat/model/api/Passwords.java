package chat.model.api;

import chat.model.Text;

/** Passwords are 8 to 128 characters (code points), any characters; well-formed, so they hash as typed. */
final class Passwords {
    static final int MIN = 8;
    static final int MAX = 128;

    private Passwords() {
    }

    static void check(String password) {
        Text.require(password, "password", MIN, MAX);
    }
}
