package chat.cli;

import java.io.Console;

final class Passwords {
    private Passwords() {
    }

    /** The given password, or one read from the console without echo. */
    static String require(String given) {
        return require(given, "--password");
    }

    /** The given value of {@code option}, or one read from the console without echo. */
    static String require(String given, String option) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException("MISSING_FIELD", option + " is required");
        }
        char[] typed = console.readPassword(option.replaceFirst("^--", "") + " password: ");
        if (typed == null || typed.length == 0) {
            throw new CliException("MISSING_FIELD", "no password given");
        }
        return new String(typed);
    }
}
