package chat.model.frames;

/** Another member's cursors moved: every message up to {@code delivered} reached them, up to {@code read} was read. */
public record ReceiptFrame(String conversationId, String userId, long delivered, long read) implements ServerFrame {
}
