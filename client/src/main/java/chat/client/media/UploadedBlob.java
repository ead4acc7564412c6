package chat.client.media;

import chat.e2ee.attachment.AttachmentKeys;

/**
 * An encrypted attachment stored and complete: what goes into the message's {@code AttachmentPointer} (with the
 * content's own description) so that its readers can fetch and check it.
 *
 * @param resumedParts parts the store already held when this upload began (0 for a fresh upload)
 */
public record UploadedBlob(String attachmentId, AttachmentKeys keys, byte[] digest, long size, long blobSize,
        int parts, int resumedParts) {
}
