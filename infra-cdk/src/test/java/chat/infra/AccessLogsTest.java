package chat.infra;

import static chat.infra.Cfn.list;
import static chat.infra.Cfn.map;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import chat.model.schema.Buckets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who reached the system, from where, is on record: the load balancer's and the media bucket's access logs and the
 * VPC's flow logs in one private log bucket, the API stages' access and error logs in CloudWatch, and the broker
 * cluster's Container Insights.
 */
class AccessLogsTest {
    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    private static String logBucket(Synth.Result r) {
        List<String> ids = Cfn.ofType(r, "AWS::S3::Bucket").keySet().stream()
                .filter(id -> id.startsWith("LogsBucket")).toList();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    @Test
    void theLogBucketIsPrivateEncryptedHttpsOnlyAndExpiresLikeTheLogGroups() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> bucket = Cfn.resource(r, logBucket(r));
            Map<String, Object> p = props(bucket);
            assertThat(map(p.get("PublicAccessBlockConfiguration")).values()).hasSize(4).containsOnly(true);
            assertThat(p.get("BucketEncryption").toString()).contains("AES256");
            assertThat(list(map(p.get("LifecycleConfiguration")).get("Rules")))
                    .anySatisfy(rule -> assertThat(map(rule).get("ExpirationInDays"))
                            .isEqualTo(r == prod ? 90 : 14));
            assertThat(bucket.get("DeletionPolicy")).isEqualTo(r == prod ? "Retain" : "Delete");
            String policy = Cfn.ofType(r, "AWS::S3::BucketPolicy").values().stream()
                    .filter(b -> logBucket(r).equals(Cfn.target(props(b).get("Bucket"))))
                    .map(Object::toString).collect(Collectors.joining());
            assertThat(policy).contains("aws:SecureTransport=false");
        }
    }

    @Test
    void theLoadBalancerLogsEveryRequestAndIsProtectedFromDeletionInProd() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> attributes = albAttributes(r);
            assertThat(attributes.get("access_logs.s3.enabled")).isEqualTo("true");
            assertThat(Cfn.target(attributes.get("access_logs.s3.bucket"))).isEqualTo(logBucket(r));
            assertThat(attributes.get("access_logs.s3.prefix")).isEqualTo(LogArchive.ALB_PREFIX);
            assertThat(attributes.get("deletion_protection.enabled")).isEqualTo(r == prod ? "true" : "false");
        }
    }

    private static Map<String, Object> albAttributes(Synth.Result r) {
        Map<String, Map<String, Object>> albs = Cfn.ofType(r, "AWS::ElasticLoadBalancingV2::LoadBalancer");
        assertThat(albs).hasSize(1);
        return list(props(albs.values().iterator().next()).get("LoadBalancerAttributes")).stream()
                .map(Cfn::map)
                .collect(Collectors.toMap(a -> (String) a.get("Key"), a -> a.get("Value")));
    }

    @Test
    void theVpcFlowLogsAllTrafficToTheLogBucket() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Map<String, Object>> flowLogs = Cfn.ofType(r, "AWS::EC2::FlowLog");
            assertThat(flowLogs).hasSize(1);
            Map<String, Object> p = props(flowLogs.values().iterator().next());
            assertThat(p.get("ResourceType")).isEqualTo("VPC");
            assertThat(Cfn.target(p.get("ResourceId"))).isEqualTo(Cfn.ofType(r, "AWS::EC2::VPC").keySet()
                    .iterator().next());
            assertThat(p.get("TrafficType")).isEqualTo("ALL");
            assertThat(p.get("LogDestinationType")).isEqualTo("s3");
            assertThat(p.get("LogDestination").toString()).contains(logBucket(r)).contains(LogArchive.FLOW_PREFIX);
        }
    }

    @Test
    void theMediaBucketsServerAccessLogsGoToTheLogBucket() {
        for (Synth.Result r : List.of(dev, prod)) {
            String media = Cfn.idWhere(r, "AWS::S3::Bucket", "BucketName",
                    Buckets.Media.DEF.fullName(r.prefix()));
            Map<String, Object> logging = map(props(Cfn.resource(r, media)).get("LoggingConfiguration"));
            assertThat(Cfn.target(logging.get("DestinationBucketName"))).isEqualTo(logBucket(r));
            assertThat(logging.get("LogFilePrefix"))
                    .isEqualTo(LogArchive.S3_ACCESS_PREFIX + Buckets.Media.DEF.name() + "/");
        }
    }

    @Test
    void bothApiStagesWriteJsonAccessLogsAndErrorLogsWithoutBodies() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Map<String, Object>> stages = Cfn.ofType(r, "AWS::ApiGateway::Stage");
            assertThat(stages).hasSize(2);
            for (Map<String, Object> stage : stages.values()) {
                Map<String, Object> access = map(props(stage).get("AccessLogSetting"));
                String group = Cfn.target(access.get("DestinationArn"));
                assertThat(props(Cfn.resource(r, group)).get("RetentionInDays")).isEqualTo(r == prod ? 90 : 14);
                // the route template, never the request path with its ids, nor the caller's token
                assertThat(access.get("Format").toString()).contains("$context.requestId")
                        .contains("$context.resourcePath").contains("$context.status")
                        .doesNotContain("$context.path").doesNotContain("Authorization");
                Map<String, Object> methods = map(list(props(stage).get("MethodSettings")).get(0));
                assertThat(methods).containsEntry("LoggingLevel", "ERROR").containsEntry("DataTraceEnabled", false)
                        .containsEntry("ResourcePath", "/*").containsEntry("HttpMethod", "*");
            }
        }
    }

    @Test
    void theAccountsApiGatewayLoggingRoleIsSetOnceAndBothStagesWaitForIt() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Map<String, Object>> accounts = Cfn.ofType(r, "AWS::ApiGateway::Account");
            assertThat(accounts).hasSize(1);
            String account = accounts.keySet().iterator().next();
            for (Map<String, Object> stage : Cfn.ofType(r, "AWS::ApiGateway::Stage").values()) {
                assertThat(list(stage.get("DependsOn"))).contains(account);
            }
        }
    }

    @Test
    void theBrokerClusterHasContainerInsights() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> cluster = Cfn.ofType(r, "AWS::ECS::Cluster").values().iterator().next();
            assertThat(list(props(cluster).get("ClusterSettings")))
                    .containsExactly(Map.of("Name", "containerInsights", "Value", "enabled"));
        }
    }
}
