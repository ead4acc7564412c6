package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the conversation list. {@code delivered}/{@code read} are the caller's own cursors;
 * {@code peerUserId}, {@code peerDelivered} and {@code peerRead} are set for direct conversations.
 * {@code unread} counts messages after the caller's read cursor.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationSummary(String conversationId, String kind, String peerUserId, long lastSeq,
        long lastActivityAt, long unread, long delivered, long read, Long peerDelivered, Long peerRead) {
}
