package chat.localstack;

import chat.model.schema.BucketDef;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Creates the buckets of {@code Buckets.all()} that do not exist yet; running it again changes nothing, so an on-disk
 * stack keeps its objects. No lifecycle rules: s3proxy has none, and the code never relies on expiry (the CDK app
 * sets them on AWS).
 */
final class BucketProvisioner {
    private BucketProvisioner() {
    }

    static void ensure(S3Client s3, String prefix, List<BucketDef> defs) {
        for (BucketDef def : defs) {
            String name = def.fullName(prefix);
            if (!exists(s3, name)) {
                try {
                    s3.createBucket(r -> r.bucket(name));
                } catch (BucketAlreadyOwnedByYouException raced) {
                    // Another ensure() created it in between: the outcome is the same.
                }
            }
        }
    }

    private static boolean exists(S3Client s3, String name) {
        try {
            s3.headBucket(r -> r.bucket(name));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        }
    }
}
