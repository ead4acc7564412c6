package chat.infra;

import static chat.infra.Cfn.list;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import chat.model.schema.Buckets;
import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege: no wildcard grants, and each function and the broker get exactly what their code uses. The
 * expected lists are written out here independently of {@code Permissions} (derived from the functions' store classes
 * and the handlers that reach them: see infra-cdk/README.md, "IAM").
 */
class IamTest {
    private static final String GET = "dynamodb:GetItem";
    private static final String BATCH_GET = "dynamodb:BatchGetItem";
    private static final String QUERY = "dynamodb:Query";
    private static final String SCAN = "dynamodb:Scan";
    private static final String PUT = "dynamodb:PutItem";
    private static final String UPDATE = "dynamodb:UpdateItem";
    private static final String DELETE = "dynamodb:DeleteItem";
    private static final String BATCH_WRITE = "dynamodb:BatchWriteItem";
    /** What an SQS event source mapping's poller needs on its queue. */
    private static final Set<String> CONSUME = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes");
    private static final Set<String> SEND = Set.of("sqs:SendMessage", "sqs:GetQueueUrl");
    /** Actions that have no resource-level permissions, so AWS requires Resource "*" for them. */
    private static final Set<String> RESOURCE_STAR_ALLOWED = Set.of("ecr:GetAuthorizationToken");

    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    @Test
    void noStatementGrantsEverythingOnEverything() {
        for (Synth.Result r : List.of(dev, prod)) {
            List<Map<String, Object>> statements = Cfn.allIdentityStatements(r);
            assertThat(statements).isNotEmpty();
            for (Map<String, Object> s : statements) {
                List<String> actions = list(s.get("Action")).stream().map(String::valueOf).toList();
                List<Object> resources = list(s.get("Resource"));
                assertThat(actions).as("statement %s", s)
                        .noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                if (resources.contains("*")) {
                    assertThat(RESOURCE_STAR_ALLOWED).as("Resource * only for %s", s).containsAll(actions);
                }
                assertThat(resources).as("statement %s", s).noneMatch(res -> String.valueOf(res).endsWith("/*"));
                assertThat(s).as("no NotAction/NotResource").doesNotContainKeys("NotAction", "NotResource");
            }
        }
    }

    @Test
    void apiUsesEachTableOnlyAsItsRoutesDoSendsToTheFanoutQueueAndHandlesAttachmentKeysOnly() {
        Map<String, Set<String>> expected = new TreeMap<>();
        table(expected, Tables.Users.DEF, GET, BATCH_GET, PUT, UPDATE, DELETE);
        table(expected, Tables.Handles.DEF, GET, PUT, UPDATE);
        table(expected, Tables.Devices.DEF, GET, QUERY, PUT, DELETE);
        table(expected, Tables.Conversations.DEF, GET, BATCH_GET, PUT, UPDATE);
        table(expected, Tables.Members.DEF, GET, BATCH_GET, QUERY, PUT, UPDATE);
        expected.put(tableKey(Tables.Members.DEF) + "/index/" + Tables.Members.BY_USER_INDEX, Set.of(QUERY));
        table(expected, Tables.UserConversations.DEF, QUERY, BATCH_WRITE);
        table(expected, Tables.Messages.DEF, GET, QUERY, PUT);
        table(expected, Tables.SendClaims.DEF, GET, PUT, UPDATE);
        table(expected, Tables.Connections.DEF, BATCH_GET, PUT, UPDATE);
        table(expected, Tables.Brokers.DEF, SCAN, PUT);
        table(expected, Tables.NodeConnections.DEF, PUT, DELETE);
        table(expected, Tables.PresenceSubs.DEF, QUERY, BATCH_WRITE, DELETE);
        table(expected, Tables.PushTargets.DEF, PUT, UPDATE, DELETE);
        table(expected, Tables.LoginThrottle.DEF, GET, PUT, UPDATE);
        table(expected, Tables.DeviceKeys.DEF, GET, QUERY, PUT, UPDATE, DELETE);
        table(expected, Tables.DeviceLists.DEF, GET, PUT, DELETE);
        table(expected, Tables.OneTimePreKeys.DEF, QUERY, PUT, DELETE, BATCH_WRITE);
        table(expected, Tables.Inbox.DEF, GET, QUERY, PUT, UPDATE, BATCH_WRITE);
        table(expected, Tables.InboxClaims.DEF, GET, QUERY, PUT, UPDATE, DELETE, BATCH_WRITE);
        table(expected, Tables.Attachments.DEF, GET, PUT, UPDATE);
        table(expected, Tables.UploadQuotas.DEF, UPDATE);
        expected.put("queue:" + dev.prefix() + "fanout", SEND);
        String media = "bucket:" + Buckets.Media.DEF.fullName(dev.prefix());
        expected.put(media + "/" + Buckets.Media.KEY_PREFIX + "*", Set.of("s3:PutObject", "s3:GetObject",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:DeleteObject"));
        expected.put(media, Set.of("s3:ListBucketMultipartUploads"));
        assertRole("api", expected, true);
    }

    @Test
    void fanoutTouchesWhatDeliveryAndForgettingAConnectionNeedAndSendsPushJobs() {
        Map<String, Set<String>> expected = new TreeMap<>();
        table(expected, Tables.Conversations.DEF, UPDATE);
        table(expected, Tables.Members.DEF, GET, QUERY, UPDATE);
        table(expected, Tables.Connections.DEF, BATCH_GET, UPDATE);
        table(expected, Tables.Users.DEF, BATCH_GET, UPDATE);
        table(expected, Tables.Brokers.DEF, SCAN);
        table(expected, Tables.NodeConnections.DEF, DELETE);
        table(expected, Tables.PresenceSubs.DEF, QUERY, DELETE);
        table(expected, Tables.PushTargets.DEF, BATCH_GET);
        expected.put("queue:" + dev.prefix() + "fanout", CONSUME);
        expected.put("queue:" + dev.prefix() + "push", SEND);
        assertRole("fanout", expected, true);
    }

    @Test
    void pushReadsTargetsClaimsPushStateReadsCursorsAndConsumesItsQueue() {
        Map<String, Set<String>> expected = new TreeMap<>();
        table(expected, Tables.PushTargets.DEF, BATCH_GET, UPDATE);
        table(expected, Tables.PushState.DEF, UPDATE);
        table(expected, Tables.Members.DEF, GET);
        expected.put("queue:" + dev.prefix() + "push", CONSUME);
        assertRole("push", expected, false);
    }

    @Test
    void reaperClaimsAndClearsDeadBrokersAndNothingElse() {
        Map<String, Set<String>> expected = new TreeMap<>();
        table(expected, Tables.Brokers.DEF, SCAN, UPDATE, DELETE);
        table(expected, Tables.NodeConnections.DEF, QUERY, DELETE);
        table(expected, Tables.Connections.DEF, BATCH_GET, UPDATE);
        table(expected, Tables.Users.DEF, BATCH_GET, UPDATE);
        table(expected, Tables.PresenceSubs.DEF, QUERY, DELETE);
        assertRole("reaper", expected, true);
    }

    @Test
    void eachFunctionHasItsOwnRole() {
        Set<String> roles = new TreeSet<>();
        for (String fn : List.of("api", "fanout", "push", "reaper")) {
            roles.add(Cfn.functionRole(dev, dev.prefix() + fn));
        }
        assertThat(roles).hasSize(4);
    }

    private static void table(Map<String, Set<String>> expected, TableDef def, String... actions) {
        expected.put(tableKey(def), Set.of(actions));
    }

    private static String tableKey(TableDef def) {
        return "table:" + def.fullName(dev.prefix());
    }

    private static void assertRole(String fn, Map<String, Set<String>> expected, boolean inVpc) {
        for (Synth.Result r : List.of(dev, prod)) {
            String role = Cfn.functionRole(r, r.prefix() + fn);
            Map<String, Set<String>> forStage = new TreeMap<>();
            expected.forEach((k, v) -> forStage.put(k.replace(dev.prefix(), r.prefix()), new TreeSet<>(v)));
            // every function reads the two shared secrets at start, and nothing else of Secrets Manager
            Cfn.ofType(r, "AWS::SecretsManager::Secret").keySet().forEach(secret -> forStage.put("secret:" + secret,
                    new TreeSet<>(Set.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"))));
            assertThat(Cfn.permissions(r, role)).as(r.stage() + " " + fn).isEqualTo(forStage);
            List<String> managed = inVpc
                    ? List.of("service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole")
                    : List.of("service-role/AWSLambdaBasicExecutionRole");
            assertThat(managedPolicies(r, role)).as(fn).containsExactlyInAnyOrderElementsOf(managed);
        }
    }

    @Test
    void functionsMayReadExactlyTheTwoSharedSecrets() {
        for (Synth.Result r : List.of(dev, prod)) {
            Set<String> secrets = Cfn.ofType(r, "AWS::SecretsManager::Secret").keySet();
            for (String fn : List.of("api", "fanout", "push", "reaper")) {
                Map<String, Set<String>> granted = Cfn.permissions(r, Cfn.functionRole(r, r.prefix() + fn));
                for (String secret : secrets) {
                    assertThat(granted.get("secret:" + secret)).as(fn).containsExactlyInAnyOrder(
                            "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
                }
                assertThat(granted.entrySet()).as(fn).noneMatch(e -> !e.getKey().startsWith("secret:")
                        && e.getValue().stream().anyMatch(a -> a.startsWith("secretsmanager:")));
            }
        }
    }

    @Test
    void brokerTaskRoleHasNoPermissionsAtAll() {
        for (Synth.Result r : List.of(dev, prod)) {
            String role = taskDefRole(r, "TaskRoleArn");
            assertThat(Cfn.statements(r, role)).as(r.stage()).isEmpty();
            assertThat(list(props(Cfn.resource(r, role)).get("ManagedPolicyArns"))).as(r.stage()).isEmpty();
        }
    }

    @Test
    void brokerExecutionRolePullsTheImageWritesLogsAndReadsTheTwoSecretsOnly() {
        Set<String> pull = Set.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage");
        Set<String> readSecret = Set.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
        for (Synth.Result r : List.of(dev, prod)) {
            String role = taskDefRole(r, "ExecutionRoleArn");
            Map<String, Set<String>> perms = Cfn.permissions(r, role);
            String repository = r == dev
                    ? "arn:${AWS::Partition}:ecr:" + Synth.REGION + ":${AWS::AccountId}:repository/"
                    : "arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/chat/broker";
            Map<String, Set<String>> expected = new TreeMap<>();
            expected.put("*", Set.of("ecr:GetAuthorizationToken"));
            expected.put("logs:/ecs/" + r.prefix() + "broker", Set.of("logs:CreateLogStream", "logs:PutLogEvents"));
            for (String secret : Cfn.ofType(r, "AWS::SecretsManager::Secret").keySet()) {
                expected.put("secret:" + secret, readSecret);
            }
            assertThat(Cfn.ofType(r, "AWS::SecretsManager::Secret")).hasSize(2);
            // the image repository: the CDK asset repository (dev) or the brokerImage's (prod)
            String repoKey = perms.keySet().stream().filter(k -> k.contains(":ecr:")).findFirst().orElseThrow();
            assertThat(repoKey).startsWith(repository);
            expected.put(repoKey, pull);
            assertThat(perms).as(r.stage()).isEqualTo(sorted(expected));
        }
    }

    private static String taskDefRole(Synth.Result r, String key) {
        Map<String, Map<String, Object>> defs = Cfn.ofType(r, "AWS::ECS::TaskDefinition");
        assertThat(defs).hasSize(1);
        return Cfn.target(props(defs.values().iterator().next()).get(key));
    }

    /** AWS managed policies attached to a role, by name after "policy/". */
    private static List<String> managedPolicies(Synth.Result r, String role) {
        return list(props(Cfn.resource(r, role)).get("ManagedPolicyArns")).stream()
                .map(arn -> Cfn.describe(r, arn))
                .map(arn -> arn.substring(arn.indexOf(":policy/") + ":policy/".length()))
                .toList();
    }

    private static Map<String, Set<String>> sorted(Map<String, Set<String>> m) {
        Map<String, Set<String>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new TreeSet<>(v)));
        return out;
    }
}
