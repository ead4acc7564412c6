package chat.client;

import chat.model.media.AttachmentDownload;
import chat.model.media.AttachmentSlot;
import chat.model.media.AttachmentSlotRequest;
import chat.model.media.UploadPlan;
import java.util.Map;
import java.util.Objects;

/**
 * The media calls of the REST API (docs/protocol.md, Media): slots for encrypted attachments, the upload plan (with a
 * presigned URL per missing part), completion and download URLs. The blob itself goes to and from those URLs
 * ({@code chat.client.media.BlobTransfers}); nothing here ever carries content. Failures are {@link ChatApiException}s.
 */
public final class MediaApi {
    private final ChatHttpApi http;

    public MediaApi(ChatHttpApi http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** POST /v1/attachments: a slot for a blob of {@code blobSize} bytes to be sent in {@code conversationId}. */
    public AttachmentSlot open(String bearer, String conversationId, long blobSize) {
        return ChatHttpApi.join(http.call("POST", "/v1/attachments",
                new AttachmentSlotRequest(conversationId, blobSize), bearer, AttachmentSlot.class));
    }

    /** GET /v1/attachments/{id}/upload: the stored parts and a URL for each missing one (start and resume). */
    public UploadPlan plan(String bearer, String attachmentId) {
        return ChatHttpApi.join(http.call("GET", "/v1/attachments/" + attachmentId + "/upload", null, bearer,
                UploadPlan.class));
    }

    /** POST /v1/attachments/{id}/complete: joins the stored parts; UPLOAD_INCOMPLETE while some are missing. */
    public AttachmentDownload complete(String bearer, String attachmentId) {
        return ChatHttpApi.join(http.call("POST", "/v1/attachments/" + attachmentId + "/complete", Map.of(), bearer,
                AttachmentDownload.class));
    }

    /** GET /v1/attachments/{id}: a short-lived URL of the blob, for members of its conversation. */
    public AttachmentDownload download(String bearer, String attachmentId) {
        return ChatHttpApi.join(http.call("GET", "/v1/attachments/" + attachmentId, null, bearer,
                AttachmentDownload.class));
    }
}
