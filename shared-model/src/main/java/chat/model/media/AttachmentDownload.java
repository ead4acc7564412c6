package chat.model.media;

/** GET /v1/attachments/{id}: a presigned GET of the encrypted blob, valid until {@code urlExpiresAt} (epoch millis). */
public record AttachmentDownload(String attachmentId, long size, String url, long urlExpiresAt) {
}
