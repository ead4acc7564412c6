package chat.functions.media;

import chat.functions.ChatConfig;
import chat.model.schema.Buckets;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The media bucket, seen from the functions: multipart uploads they open, list, complete and abort, and presigned
 * URLs through which devices move the encrypted bytes themselves (the functions never carry them).
 */
@ApplicationScoped
public class MediaStore {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public MediaStore(S3Client s3, S3Presigner presigner, ChatConfig config) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = config.media().bucket();
    }

    /** A part the store holds: its number (from 1), length and ETag. */
    public record StoredPart(int number, long size, String etag) {
    }

    /** Opens a multipart upload for the attachment's object and returns its upload id. */
    public String openUpload(String attachmentId) {
        return s3.createMultipartUpload(b -> b.bucket(bucket).key(key(attachmentId))
                .contentType("application/octet-stream")).uploadId();
    }

    /** A PUT URL for one part whose Content-Length is signed: the store refuses a body of any other length. */
    public String presignPart(String attachmentId, String uploadId, int part, long length, Duration ttl) {
        return presigner.presignUploadPart(p -> p.signatureDuration(ttl)
                .uploadPartRequest(r -> r.bucket(bucket).key(key(attachmentId)).uploadId(uploadId)
                        .partNumber(part).contentLength(length))).url().toString();
    }

    /** The parts stored so far; empty when the upload no longer exists. */
    public List<StoredPart> parts(String attachmentId, String uploadId) {
        List<StoredPart> parts = new ArrayList<>();
        Integer marker = null;
        try {
            ListPartsResponse page;
            do {
                Integer from = marker;
                page = s3.listParts(b -> b.bucket(bucket).key(key(attachmentId)).uploadId(uploadId)
                        .partNumberMarker(from));
                for (Part p : page.parts()) {
                    parts.add(new StoredPart(p.partNumber(), p.size(), p.eTag()));
                }
                marker = page.nextPartNumberMarker();
            } while (Boolean.TRUE.equals(page.isTruncated()) && marker != null);
        } catch (NoSuchUploadException gone) {
            return List.of();
        }
        return parts;
    }

    /** Joins the parts into the object. */
    public void complete(String attachmentId, String uploadId, List<StoredPart> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build()).toList();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key(attachmentId)).uploadId(uploadId)
                .multipartUpload(m -> m.parts(completed)));
    }

    /** Aborts an upload and drops its parts; an upload that is already gone is fine. */
    public void abort(String attachmentId, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key(attachmentId)).uploadId(uploadId));
        } catch (NoSuchUploadException alreadyGone) {
            // aborted or completed before: nothing is left to drop
        }
    }

    /** A GET URL of the whole encrypted blob. */
    public String presignDownload(String attachmentId, Duration ttl) {
        return presigner.presignGetObject(p -> p.signatureDuration(ttl)
                .getObjectRequest(r -> r.bucket(bucket).key(key(attachmentId)))).url().toString();
    }

    /** Removes the blob; a blob that is already gone is fine. */
    public void delete(String attachmentId) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(attachmentId)));
        } catch (NoSuchKeyException alreadyGone) {
            // deleted before
        }
    }

    private static String key(String attachmentId) {
        return Buckets.Media.objectKey(attachmentId);
    }
}
