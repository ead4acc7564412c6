package chat.model.media;

import java.util.List;

/**
 * GET /v1/attachments/{id}/upload: the parts already stored ({@code done}, by number from 1) and a presigned PUT for
 * each part still missing, valid until {@code urlsExpireAt} (epoch millis). Asking again after a break is how an
 * upload resumes: only what is missing is sent again.
 */
public record UploadPlan(String attachmentId, long size, long partSize, List<Integer> done, List<PartUrl> urls,
        long urlsExpireAt) {
    public UploadPlan {
        done = List.copyOf(done);
        urls = List.copyOf(urls);
    }

    /** One part's presigned PUT: the body must be exactly {@code size} bytes (the length is signed). */
    public record PartUrl(int part, long size, String url) {
    }
}
