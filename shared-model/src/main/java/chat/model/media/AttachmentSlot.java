package chat.model.media;

/**
 * The answer to POST /v1/attachments: the slot's id and how the blob is cut into parts (every part is
 * {@code partSize} bytes but the last), and until when (epoch millis) the upload may be completed.
 */
public record AttachmentSlot(String attachmentId, long size, long partSize, int parts, long uploadExpiresAt) {
}
