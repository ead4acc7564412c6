package chat.infra;

import static chat.infra.Cfn.list;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege: no wildcard grants, and each tier gets exactly what design.md's "Which tables/queues each tier
 * touches" says it uses (written out independently here, not read from the production code).
 */
class IamTest {
    private static final Set<String> TABLE_RW = Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
    private static final Set<String> TABLE_READ = Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem",
            "dynamodb:Query");
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
                assertThat(s).as("no NotAction/NotResource").doesNotContainKeys("NotAction", "NotResource");
            }
        }
    }

    @Test
    void apiFunctionReadsAndWritesEveryTableAndSendsToTheFanoutQueue() {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (TableDef def : Tables.all()) {
            expected.put("table:" + def.fullName(dev.prefix()), TABLE_RW);
            if (!def.indexes().isEmpty()) {
                expected.put("table:" + def.fullName(dev.prefix()) + "/index/*", Set.of("dynamodb:Query"));
            }
        }
        expected.put("queue:" + dev.prefix() + "fanout", Set.of("sqs:SendMessage", "sqs:GetQueueUrl"));

        String role = Cfn.functionRole(dev, dev.prefix() + "api");
        assertThat(Cfn.permissions(dev, role)).isEqualTo(sorted(expected));
        assertThat(managedPolicies(dev, role)).containsExactly("service-role/AWSLambdaBasicExecutionRole");
    }

    @Test
    void fanoutFunctionTouchesOnlyMembersConnectionsConversationsAndConsumesItsQueue() {
        String p = dev.prefix();
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("table:" + p + Tables.Members.DEF.name(), union(TABLE_READ, Set.of("dynamodb:UpdateItem")));
        expected.put("table:" + p + Tables.Members.DEF.name() + "/index/*", Set.of("dynamodb:Query"));
        expected.put("table:" + p + Tables.Connections.DEF.name(), union(TABLE_READ, Set.of("dynamodb:DeleteItem")));
        expected.put("table:" + p + Tables.Conversations.DEF.name(), Set.of("dynamodb:UpdateItem"));
        // what the event source mapping's poller needs (GetQueueAttributes) plus what design.md lists
        expected.put("queue:" + p + "fanout", Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"));

        String role = Cfn.functionRole(dev, p + "fanout");
        assertThat(Cfn.permissions(dev, role)).isEqualTo(sorted(expected));
        assertThat(managedPolicies(dev, role)).containsExactlyInAnyOrder(
                "service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole");
    }

    @Test
    void functionsGetSecretsAtDeployTimeAndNeedNoSecretsManagerAccess() {
        for (String fn : List.of("api", "fanout")) {
            String role = Cfn.functionRole(dev, dev.prefix() + fn);
            assertThat(Cfn.permissions(dev, role).values().stream().flatMap(Set::stream))
                    .as(fn).noneMatch(a -> a.startsWith("secretsmanager:"));
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
                    ? "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/"
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

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Set<String>> sorted(Map<String, Set<String>> m) {
        Map<String, Set<String>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new TreeSet<>(v)));
        return out;
    }
}
