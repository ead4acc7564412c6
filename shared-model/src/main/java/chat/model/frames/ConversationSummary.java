package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the conversation list. {@code delivered}/{@code read} are the caller's own cursors;
 * {@code peerUserId}, {@code peerDelivered} and {@code peerRead} are set for direct conversations.
 * For groups, {@code name}, {@code memberCount}, {@code deliveredToAll} and {@code readByAll} are set instead.
 * {@code unread} counts entries after the caller's read cursor; {@code left} is true for a group the caller was
 * removed from or left (readable up to that point, no longer writable).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationSummary(String conversationId, String kind, String peerUserId, long lastSeq,
        long lastActivityAt, long unread, long delivered, long read, Long peerDelivered, Long peerRead, String name,
        Integer memberCount, Long deliveredToAll, Long readByAll, Boolean left) {
}
