package chat.model;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Identifier formats and their validation. Ids are opaque to clients; only these patterns are promised. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    public static final Pattern USER_ID = Pattern.compile("u[0-9a-z]{16}");
    public static final Pattern DEVICE_ID = Pattern.compile("d[0-9a-z]{16}");
    public static final Pattern CONNECTION_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    /** Direct conversations: "dm." + the two user ids in sorted order; groups: "g" + random. */
    public static final Pattern CONVERSATION_ID = Pattern.compile("dm\\.u[0-9a-z]{16}\\.u[0-9a-z]{16}|g[0-9a-z]{16}");
    /** Client-chosen, unique per sending device: e.g. a UUID. */
    public static final Pattern CLIENT_MSG_ID = Pattern.compile("[0-9A-Za-z._:-]{1,64}");
    /** Handles are lower case, 3 to 32 characters. */
    public static final Pattern HANDLE = Pattern.compile("[a-z0-9_]{3,32}");
    /** {@link #HANDLE} in words, for the people who type handles (error messages, help texts). */
    public static final String HANDLE_RULE = "3-32 characters of a-z, 0-9 and _ (lower case)";

    private Ids() {
    }

    public static String newUserId() {
        return "u" + random(16);
    }

    public static String newDeviceId() {
        return "d" + random(16);
    }

    public static String newGroupId() {
        return "g" + random(16);
    }

    /** The one conversation id two users share, whoever starts it. */
    public static String directConversationId(String userA, String userB) {
        requireMatch(USER_ID, userA, "userId");
        requireMatch(USER_ID, userB, "userId");
        if (userA.equals(userB)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "a direct conversation needs two different users");
        }
        return userA.compareTo(userB) < 0 ? "dm." + userA + "." + userB : "dm." + userB + "." + userA;
    }

    public static boolean isDirect(String conversationId) {
        return conversationId.startsWith("dm.");
    }

    /** The two members of a direct conversation, from its id. */
    public static String[] directMembers(String conversationId) {
        String[] parts = conversationId.split("\\.");
        return new String[] {parts[1], parts[2]};
    }

    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** A handle, or INVALID_FIELD whose message states the rule ({@link #HANDLE_RULE}). */
    public static String requireHandle(String value, String field) {
        if (value != null && !HANDLE.matcher(value).matches()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "invalid " + field + ": a handle is " + HANDLE_RULE);
        }
        return requireMatch(HANDLE, value, field);
    }

    public static String requireMatch(Pattern pattern, String value, String field) {
        if (value == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        if (!pattern.matcher(value).matches()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "invalid " + field);
        }
        return value;
    }
}
