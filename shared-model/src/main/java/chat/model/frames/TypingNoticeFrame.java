package chat.model.frames;

/**
 * Another member is typing ({@code typing: true}) or stopped. A "typing" state ends by itself after
 * {@code expiresInMs} unless refreshed.
 */
public record TypingNoticeFrame(String conversationId, String userId, boolean typing, int expiresInMs)
        implements ServerFrame {
}
