package chat.infra;

import static chat.infra.Cfn.list;
import static chat.infra.Cfn.map;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import chat.model.schema.BucketDef;
import chat.model.schema.Buckets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bucket of {@link Buckets#all()}: private, encrypted, TLS only, CORS for the web client, lifecycle rules. */
class MediaTest {
    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    @Test
    void oneBucketPerSchemaEntryNamedWithTheStagePrefix() {
        for (Synth.Result r : List.of(dev, prod)) {
            // and the log archive
            r.template().resourceCountIs("AWS::S3::Bucket", Buckets.all().size() + 1);
            for (BucketDef def : Buckets.all()) {
                assertThat(bucketId(r, def)).isNotNull();
            }
        }
        assertThat(props(bucket(dev, Buckets.Media.DEF)).get("BucketName")).isEqualTo("chat-dev-media");
    }

    @Test
    void publicAccessIsBlockedAndObjectsAreEncryptedAndUnversioned() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> p = props(bucket(r, Buckets.Media.DEF));
            assertThat(p.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
                    "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
            Object sse = map(list(map(p.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0))
                    .get("ServerSideEncryptionByDefault");
            assertThat(sse).isEqualTo(Map.of("SSEAlgorithm", "AES256"));
            assertThat(p).doesNotContainKey("VersioningConfiguration");
            assertThat(map(list(map(p.get("OwnershipControls")).get("Rules")).get(0)).get("ObjectOwnership"))
                    .as("no ACLs").isEqualTo("BucketOwnerEnforced");
        }
    }

    @Test
    void bucketPolicyDeniesEveryRequestWithoutTls() {
        for (Synth.Result r : List.of(dev, prod)) {
            String bucket = bucketId(r, Buckets.Media.DEF);
            Map<String, Object> policy = Cfn.ofType(r, "AWS::S3::BucketPolicy").values().stream()
                    .filter(p -> bucket.equals(Cfn.target(props(p).get("Bucket")))).findFirst().orElseThrow();
            List<Map<String, Object>> denials = list(map(props(policy).get("PolicyDocument")).get("Statement"))
                    .stream().map(Cfn::map).filter(s -> "Deny".equals(s.get("Effect"))).toList();
            assertThat(denials).anySatisfy(s -> {
                assertThat(s.get("Action")).isEqualTo("s3:*");
                assertThat(s.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
                assertThat(list(s.get("Resource"))).hasSize(2); // the bucket and its objects
            });
        }
    }

    @Test
    void lifecycleAbortsUnfinishedUploadsAndExpiresObjectsAsTheBucketDefSays() {
        BucketDef def = Buckets.Media.DEF;
        for (Synth.Result r : List.of(dev, prod)) {
            List<Object> rules = list(map(props(bucket(r, def)).get("LifecycleConfiguration")).get("Rules"));
            assertThat(rules).hasSize(1);
            Map<String, Object> rule = map(rules.get(0));
            assertThat(rule.get("Status")).isEqualTo("Enabled");
            assertThat(rule.get("ExpirationInDays")).isEqualTo(def.retentionDays());
            assertThat(rule.get("AbortIncompleteMultipartUpload"))
                    .isEqualTo(Map.of("DaysAfterInitiation", def.incompleteUploadDays()));
        }
        assertThat(Buckets.Media.DEF.retentionDays()).isEqualTo(45);
    }

    @Test
    void corsLetsOnlyTheWebClientsOriginPutAndGet() {
        assertThat(corsRule(dev).get("AllowedOrigins")).isEqualTo(List.of(StackSettings.DEFAULT_WEB_ORIGIN));
        assertThat(corsRule(prod).get("AllowedOrigins")).isEqualTo(List.of(Synth.WEB_ORIGIN));
        for (Synth.Result r : List.of(dev, prod)) {
            assertThat(list(corsRule(r).get("AllowedMethods"))).containsExactlyInAnyOrder("PUT", "GET", "HEAD");
        }
    }

    @Test
    void prodRetainsTheBucketAndItsObjectsOtherStagesDeleteThem() {
        Map<String, Object> prodBucket = bucket(prod, Buckets.Media.DEF);
        assertThat(prodBucket.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(prodBucket.get("UpdateReplacePolicy")).isEqualTo("Retain");
        assertThat(Cfn.ofType(prod, "Custom::S3AutoDeleteObjects")).isEmpty();

        assertThat(bucket(dev, Buckets.Media.DEF).get("DeletionPolicy")).isEqualTo("Delete");
        // the media bucket and the log archive
        assertThat(Cfn.ofType(dev, "Custom::S3AutoDeleteObjects")).hasSize(2);
    }

    @Test
    void theApiFunctionIsToldTheBucketName() {
        for (Synth.Result r : List.of(dev, prod)) {
            String fn = Cfn.idWhere(r, "AWS::Lambda::Function", "FunctionName", r.prefix() + "api");
            Map<String, Object> env = map(map(props(Cfn.resource(r, fn)).get("Environment")).get("Variables"));
            assertThat(env.get(Media.BUCKET_ENV)).isEqualTo(Cfn.ref(bucketId(r, Buckets.Media.DEF)));
        }
    }

    private static Map<String, Object> corsRule(Synth.Result r) {
        List<Object> rules = list(map(props(bucket(r, Buckets.Media.DEF)).get("CorsConfiguration")).get("CorsRules"));
        assertThat(rules).hasSize(1);
        return map(rules.get(0));
    }

    private static String bucketId(Synth.Result r, BucketDef def) {
        return Cfn.idWhere(r, "AWS::S3::Bucket", "BucketName", def.fullName(r.prefix()));
    }

    private static Map<String, Object> bucket(Synth.Result r, BucketDef def) {
        return Cfn.resource(r, bucketId(r, def));
    }
}
