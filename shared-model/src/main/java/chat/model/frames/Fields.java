package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.Limits;
import chat.model.Text;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Field checks shared by the frame records' constructors. */
final class Fields {
    private Fields() {
    }

    /** Longest reqId, in code points. */
    static final int MAX_REQ_ID = 64;

    static String reqId(String reqId) {
        return reqId == null ? null : Text.require(reqId, "reqId", 1, MAX_REQ_ID);
    }

    static String conversationId(String conversationId) {
        return Ids.requireMatch(Ids.CONVERSATION_ID, conversationId, "conversationId");
    }

    static String groupName(String name) {
        return Text.requireName(name, "name", Limits.MAX_GROUP_NAME);
    }

    static List<String> userIds(List<String> userIds, int max) {
        required(userIds, "userIds");
        if (userIds.size() > max) {
            throw new ChatException(ErrorCode.GROUP_FULL, "a group has at most " + Limits.MAX_GROUP_MEMBERS + " members");
        }
        Set<String> distinct = new HashSet<>();
        for (String id : userIds) {
            Ids.requireMatch(Ids.USER_ID, id, "userIds");
            if (!distinct.add(id)) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "userIds must not repeat");
            }
        }
        return List.copyOf(userIds);
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        return value;
    }

    static long seq(Long value, String field) {
        if (value == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        if (value < 0) {
            throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be >= 0");
        }
        return value;
    }

    static Long optionalSeq(Long value, String field) {
        return value == null ? null : seq(value, field);
    }

    static int pageSize(Integer value) {
        if (value == null) {
            return Limits.DEFAULT_PAGE_SIZE;
        }
        if (value < 1 || value > Limits.MAX_PAGE_SIZE) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "limit must be 1 to " + Limits.MAX_PAGE_SIZE);
        }
        return value;
    }

    /**
     * Checks a base64 body and returns its decoded size. Only the canonical form is accepted (standard alphabet,
     * padded, unused bits zero): the body is opaque, often ciphertext, and is stored and forwarded exactly as sent,
     * so a form the server would have to rewrite is refused instead.
     */
    static int bodySize(String body) {
        required(body, "body");
        // Cheap upper bound first, so a huge body is refused without decoding it.
        if (body.length() > (Limits.MAX_BODY_BYTES + 2) / 3 * 4 + 4) {
            throw new ChatException(ErrorCode.BODY_TOO_LARGE, "body is over " + Limits.MAX_BODY_BYTES + " bytes");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw notCanonicalBase64();
        }
        if (body.length() % 4 != 0 || !Base64.getEncoder().encodeToString(decoded).equals(body)) {
            throw notCanonicalBase64();
        }
        if (decoded.length > Limits.MAX_BODY_BYTES) {
            throw new ChatException(ErrorCode.BODY_TOO_LARGE, "body is over " + Limits.MAX_BODY_BYTES + " bytes");
        }
        if (decoded.length == 0) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "body must not be empty");
        }
        return decoded.length;
    }

    private static ChatException notCanonicalBase64() {
        return new ChatException(ErrorCode.INVALID_FIELD, "body must be standard base64 with padding (RFC 4648)");
    }
}
