package chat.model.media;

import chat.model.ChatException;
import chat.model.ErrorCode;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Attachment ids: "att_" and 16 random bytes in unpadded base64url, unguessable so that ids never leak content. */
public final class AttachmentIds {
    public static final Pattern PATTERN = Pattern.compile("att_[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AttachmentIds() {
    }

    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "att_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A malformed id is answered like an unknown one: nothing is learnt from the shape of an id. */
    public static String require(String id) {
        if (id == null || !PATTERN.matcher(id).matches()) {
            throw new ChatException(ErrorCode.ATTACHMENT_NOT_FOUND, "no such attachment");
        }
        return id;
    }
}
