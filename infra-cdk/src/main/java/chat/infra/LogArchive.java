package chat.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The stack's access-log bucket (named by CloudFormation): the load balancer's access logs ({@value #ALB_PREFIX}),
 * the media buckets' server access logs ({@value #S3_ACCESS_PREFIX}{@code <bucket>/}) and the VPC flow logs
 * ({@value #FLOW_PREFIX}). Records of who connected from where, never message content (that is ciphertext, and in
 * none of these logs anyway). Private, HTTPS only, S3-managed keys (the only encryption the load balancer's log
 * delivery accepts), and objects expire like the log groups: 90 days in prod, 14 elsewhere.
 */
public final class LogArchive extends Construct {
    static final String ALB_PREFIX = "alb";
    static final String S3_ACCESS_PREFIX = "s3-access/";
    static final String FLOW_PREFIX = "vpc-flow-logs/";

    private final Bucket bucket;

    public LogArchive(Construct scope, String id, StackSettings settings) {
        super(scope, id);
        bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(false)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire")
                        .enabled(true)
                        .expiration(Duration.days(retentionDays(settings)))
                        .build()))
                .removalPolicy(settings.statefulRemovalPolicy())
                .autoDeleteObjects(!settings.prod())
                .build();
        Checks.acknowledge(bucket, "AwsSolutions-S1",
                "this is the access-log bucket: logging its own access into itself would log without end");
    }

    static int retentionDays(StackSettings settings) {
        return settings.prod() ? 90 : 14;
    }

    public IBucket bucket() {
        return bucket;
    }
}
