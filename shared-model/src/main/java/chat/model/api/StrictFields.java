package chat.model.api;

import chat.model.ChatException;
import chat.model.ErrorCode;

/**
 * Type checks for request records whose creator takes raw JSON values: a value of the wrong JSON type is refused
 * with INVALID_FIELD naming the field, never coerced (a number is not a password, a string is not a boolean).
 */
final class StrictFields {
    private StrictFields() {
    }

    /** A JSON string, or null when absent. */
    static String string(Object value, String field) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(field, "a string");
    }

    /** A JSON boolean, or {@code absent} when the field is missing. */
    static boolean bool(Object value, String field, boolean absent) {
        if (value == null) {
            return absent;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(field, "true or false");
    }

    private static ChatException wrongType(String field, String expected) {
        return new ChatException(ErrorCode.INVALID_FIELD, "wrong type for field: " + field + " (must be " + expected
                + ")");
    }
}
