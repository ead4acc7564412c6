package chat.infra;

import chat.model.schema.BucketDef;
import chat.model.schema.Buckets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * One private S3 bucket per {@link Buckets#all()} entry, for attachment blobs (ciphertext only: devices encrypt
 * before upload). Devices reach objects only through presigned URLs the api function signs, so the bucket is never
 * public, refuses plain HTTP, and lets the web client's origin (and no other) PUT and GET from the browser.
 * Lifecycle rules from the {@link BucketDef}: abandoned multipart uploads are aborted and objects expire, so storage
 * does not grow without bound. Versioning off: an attachment is written once and never overwritten.
 */
public final class Media extends Construct {
    /** The functions' chat.media.bucket. */
    static final String BUCKET_ENV = "CHAT_MEDIA_BUCKET";
    static final List<String> OBJECT_ACTIONS = List.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts", "s3:DeleteObject");
    static final List<String> BUCKET_ACTIONS = List.of("s3:ListBucketMultipartUploads");
    /** How long a browser may cache a CORS preflight answer. */
    private static final int CORS_MAX_AGE_SECONDS = 3000;

    private final Map<BucketDef, Bucket> buckets = new LinkedHashMap<>();

    public Media(Construct scope, String id, StackSettings settings, LogArchive logs) {
        super(scope, id);
        for (BucketDef def : Buckets.all()) {
            buckets.put(def, Bucket.Builder.create(this, constructId(def))
                    .bucketName(def.fullName(settings.prefix()))
                    .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                    .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                    .encryption(BucketEncryption.S3_MANAGED)
                    .enforceSsl(true)
                    .versioned(false)
                    // who fetched which blob when (object keys are random attachment ids)
                    .serverAccessLogsBucket(logs.bucket())
                    .serverAccessLogsPrefix(LogArchive.S3_ACCESS_PREFIX + def.name() + "/")
                    .cors(List.of(CorsRule.builder()
                            .allowedOrigins(List.of(settings.webOrigin()))
                            .allowedMethods(List.of(HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD))
                            .allowedHeaders(List.of("*"))
                            // the client reads each part's ETag only for its own progress; completion lists parts
                            .exposedHeaders(List.of("ETag"))
                            .maxAge(CORS_MAX_AGE_SECONDS)
                            .build()))
                    .lifecycleRules(List.of(LifecycleRule.builder()
                            .id("expire-and-abort")
                            .enabled(true)
                            .abortIncompleteMultipartUploadAfter(Duration.days(def.incompleteUploadDays()))
                            .expiration(Duration.days(def.retentionDays()))
                            .build()))
                    .removalPolicy(settings.statefulRemovalPolicy())
                    // outside prod, `cdk destroy` leaves nothing: a non-empty bucket could not be deleted otherwise
                    .autoDeleteObjects(!settings.prod())
                    .build());
        }
    }

    /** The bucket deployed for {@code def}. */
    public IBucket bucket(BucketDef def) {
        Bucket bucket = buckets.get(def);
        if (bucket == null) {
            throw new IllegalArgumentException("no bucket for " + def.name());
        }
        return bucket;
    }

    public Map<BucketDef, Bucket> buckets() {
        return Collections.unmodifiableMap(buckets);
    }

    /**
     * What the api function does with attachments: presigned part uploads and downloads, ListParts and completion,
     * aborting and deleting, on the attachment keys only; and listing a bucket's unfinished uploads.
     */
    void grantAttachments(Function fn) {
        IBucket bucket = bucket(Buckets.Media.DEF);
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("MediaObjects")
                .actions(OBJECT_ACTIONS)
                .resources(List.of(bucket.arnForObjects(Buckets.Media.KEY_PREFIX + "*")))
                .build());
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("MediaUploads")
                .actions(BUCKET_ACTIONS)
                .resources(List.of(bucket.getBucketArn()))
                .build());
        fn.addEnvironment(BUCKET_ENV, bucket.getBucketName());
        String bucketId = Stack.of(this).getLogicalId((CfnElement) bucket.getNode().getDefaultChild());
        Checks.acknowledge(fn, "AwsSolutions-IAM5[Resource::<" + bucketId + ".Arn>/" + Buckets.Media.KEY_PREFIX + "*]",
                "attachment keys are random ids chosen at upload time: the grant names the one key prefix they"
                        + " live under, and signing URLs for them is the function's job");
    }

    private static String constructId(BucketDef def) {
        StringBuilder id = new StringBuilder();
        for (String part : def.name().split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.append("Bucket").toString();
    }
}
