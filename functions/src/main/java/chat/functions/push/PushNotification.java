package chat.functions.push;

import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a notification says: which conversation has how many unread messages. Never any message content (it is
 * end-to-end encrypted anyway, and push services are third parties).
 */
public record PushNotification(String conversationId, long unread) {
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "newMessages");
        m.put("conversationId", conversationId);
        m.put("unread", unread);
        return m;
    }

    public String json() {
        try {
            return FrameCodec.mapper().writeValueAsString(fields());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A short stable id per conversation for the services' collapse keys (Web Push Topic: at most 32 base64url
     * characters; apns-collapse-id: at most 64 bytes), so a newer notification replaces an older undelivered one.
     */
    public String collapseKey() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(conversationId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 24));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
