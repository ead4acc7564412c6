package chat.model.schema;

import java.util.List;
import java.util.Objects;

/** Every S3 bucket of the system. */
public final class Buckets {
    private Buckets() {
    }

    public static List<BucketDef> all() {
        return List.of(Media.DEF);
    }

    /**
     * Encrypted attachment blobs. The server only ever sees ciphertext (devices encrypt before upload), so an object
     * is an opaque blob named by its attachment id; devices upload and download through presigned URLs.
     */
    public static final class Media {
        /** Kept 45 days; unfinished uploads are aborted after one day. */
        public static final BucketDef DEF = new BucketDef("media", 45, 1);
        /**
         * Every attachment lives under this key prefix, so IAM grants can name {@code arn/a/*} and nothing else in
         * the bucket (should it ever hold other objects) is reachable through them.
         */
        public static final String KEY_PREFIX = "a/";

        private Media() {
        }

        public static String objectKey(String attachmentId) {
            Objects.requireNonNull(attachmentId, "attachmentId");
            if (attachmentId.isEmpty() || attachmentId.contains("/")) {
                throw new IllegalArgumentException("not an attachment id: " + attachmentId);
            }
            return KEY_PREFIX + attachmentId;
        }
    }
}
