package chat.model;

/**
 * Free-text fields (names, passwords, reqIds). Their lengths count Unicode code points, as a person counts
 * characters: an emoji outside the Basic Multilingual Plane is one character, not two UTF-16 units. Text must be
 * well-formed: an unpaired surrogate (possible through a JSON {@code \ud83d} escape) has no UTF-8 form, so it would
 * be stored as something else than what was sent.
 */
public final class Text {
    private Text() {
    }

    /** The length in code points. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** True when every surrogate is part of a pair. */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** True for well-formed text of {@code min} to {@code max} code points. */
    public static boolean fits(String text, int min, int max) {
        // Over 2 * max UTF-16 units is over max code points whatever they are: no need to count.
        return text.length() <= 2L * max && isWellFormed(text) && length(text) >= min && length(text) <= max;
    }

    /**
     * Checks a required text field: present ({@link ErrorCode#MISSING_FIELD}), well-formed and {@code min} to
     * {@code max} code points long ({@link ErrorCode#INVALID_FIELD}).
     */
    public static String require(String text, String field, int min, int max) {
        if (text == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        if (!isWellFormed(text)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be well-formed Unicode (no unpaired surrogate)");
        }
        if (!fits(text, min, max)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be " + min + " to " + max + " characters");
        }
        return text;
    }

    /** A name: like {@link #require} from 1 character, and not only white space. */
    public static String requireName(String text, String field, int max) {
        require(text, field, 1, max);
        if (text.isBlank()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be 1 to " + max + " characters");
        }
        return text;
    }
}
