package chat.model.media;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;

/**
 * POST /v1/attachments: the uploader asks for a slot for one encrypted blob of {@code size} bytes, to be sent in
 * {@code conversationId}. The server signs every part's length, so the store refuses any other size.
 */
public record AttachmentSlotRequest(String conversationId, Long size) {
    public AttachmentSlotRequest {
        if (conversationId == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: conversationId");
        }
        if (!Ids.CONVERSATION_ID.matcher(conversationId).matches()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "conversationId is not a conversation id");
        }
        if (size == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: size");
        }
        if (size < 1) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "size must be at least 1 (bytes of the encrypted blob)");
        }
    }
}
