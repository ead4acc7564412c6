package chat.infra;

import static chat.infra.Cfn.list;
import static chat.infra.Cfn.map;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awscdk.assertions.Match;

/** Every table of {@link Tables#all()} is deployed with exactly the keys, indexes and TTL the code's schema says. */
class StorageTest {
    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    @Test
    void oneTablePerSchemaEntry() {
        dev.template().resourceCountIs("AWS::DynamoDB::Table", Tables.all().size());
        prod.template().resourceCountIs("AWS::DynamoDB::Table", Tables.all().size());
    }

    @TestFactory
    Stream<DynamicTest> eachTableMatchesTheSchemaConstants() {
        return Tables.all().stream().map(def -> DynamicTest.dynamicTest(def.name(), () -> {
            Map<String, Object> table = table(dev, def);
            Map<String, Object> p = props(table);

            List<Map<String, Object>> keySchema = new ArrayList<>();
            keySchema.add(Map.of("AttributeName", def.partitionKey().name(), "KeyType", "HASH"));
            def.sortKeyOpt().ifPresent(k -> keySchema.add(Map.of("AttributeName", k.name(), "KeyType", "RANGE")));
            assertThat(p.get("KeySchema")).as("key schema").isEqualTo(keySchema);

            Map<String, String> expectedTypes = new LinkedHashMap<>();
            addKey(expectedTypes, def.partitionKey());
            def.sortKeyOpt().ifPresent(k -> addKey(expectedTypes, k));
            def.indexes().forEach(i -> {
                addKey(expectedTypes, i.partitionKey());
                if (i.sortKey() != null) {
                    addKey(expectedTypes, i.sortKey());
                }
            });
            Map<String, String> actualTypes = new HashMap<>();
            list(p.get("AttributeDefinitions")).forEach(a -> actualTypes.put(
                    (String) map(a).get("AttributeName"), (String) map(a).get("AttributeType")));
            assertThat(actualTypes).as("attribute definitions").isEqualTo(expectedTypes);

            List<Object> gsis = list(p.get("GlobalSecondaryIndexes"));
            assertThat(gsis).as("GSIs").hasSize(def.indexes().size());
            for (TableDef.Index index : def.indexes()) {
                Map<String, Object> gsi = gsis.stream().map(Cfn::map)
                        .filter(g -> index.name().equals(g.get("IndexName")))
                        .findFirst().orElseThrow(() -> new AssertionError("no GSI " + index.name()));
                List<Map<String, Object>> gsiKeys = new ArrayList<>();
                gsiKeys.add(Map.of("AttributeName", index.partitionKey().name(), "KeyType", "HASH"));
                if (index.sortKey() != null) {
                    gsiKeys.add(Map.of("AttributeName", index.sortKey().name(), "KeyType", "RANGE"));
                }
                assertThat(gsi.get("KeySchema")).as("GSI %s keys", index.name()).isEqualTo(gsiKeys);
                assertThat(gsi.get("Projection")).isEqualTo(Map.of("ProjectionType", "ALL"));
            }

            if (def.ttl().isPresent()) {
                assertThat(p.get("TimeToLiveSpecification"))
                        .isEqualTo(Map.of("AttributeName", def.ttlAttribute(), "Enabled", true));
            } else {
                assertThat(p).doesNotContainKey("TimeToLiveSpecification");
            }
            assertThat(p.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
            assertThat(p.get("PointInTimeRecoverySpecification"))
                    .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        }));
    }

    /** Written out rather than read from the schema: a rename of these keys must break this test. */
    @Test
    void keyDirectoryTablesAreKeyedByDeviceAndOneTimePrekeysByDeviceAndKeyId() {
        dev.template().hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", "chat-dev-device-keys",
                "KeySchema", List.of(Map.of("AttributeName", "userId", "KeyType", "HASH"),
                        Map.of("AttributeName", "deviceId", "KeyType", "RANGE")))));
        dev.template().hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", "chat-dev-one-time-prekeys",
                "KeySchema", List.of(Map.of("AttributeName", "deviceKey", "KeyType", "HASH"),
                        Map.of("AttributeName", "keyId", "KeyType", "RANGE")),
                "AttributeDefinitions", Match.arrayWith(List.of(Map.of("AttributeName", "keyId",
                        "AttributeType", "N"))))));
    }

    @Test
    void devTablesAreDeletableWithTheStack() {
        for (TableDef def : Tables.all()) {
            Map<String, Object> table = table(dev, def);
            assertThat(props(table).get("DeletionProtectionEnabled")).as(def.name()).isNotEqualTo(true);
            assertThat(table.get("DeletionPolicy")).as(def.name()).isEqualTo("Delete");
        }
    }

    @Test
    void prodTablesAreProtectedAndRetained() {
        for (TableDef def : Tables.all()) {
            Map<String, Object> table = table(prod, def);
            assertThat(props(table).get("DeletionProtectionEnabled")).as(def.name()).isEqualTo(true);
            assertThat(table.get("DeletionPolicy")).as(def.name()).isEqualTo("Retain");
            assertThat(table.get("UpdateReplacePolicy")).as(def.name()).isEqualTo("Retain");
        }
        prod.template().hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("TableName", "chat-prod-" + Tables.Messages.DEF.name())),
                "DeletionPolicy", "Retain")));
    }

    @Test
    void deviceInboxesAreKeyedByDeviceAndSeqAndExpireByTheirTtlAttribute() {
        Map<String, Object> inbox = props(table(prod, Tables.Inbox.DEF));
        assertThat(inbox.get("KeySchema")).isEqualTo(List.of(
                Map.of("AttributeName", Tables.Inbox.INBOX_KEY, "KeyType", "HASH"),
                Map.of("AttributeName", Tables.Inbox.SEQ, "KeyType", "RANGE")));
        assertThat(inbox.get("TimeToLiveSpecification"))
                .isEqualTo(Map.of("AttributeName", Tables.Inbox.TTL, "Enabled", true));
        Map<String, Object> claims = props(table(prod, Tables.InboxClaims.DEF));
        assertThat(claims.get("TimeToLiveSpecification"))
                .isEqualTo(Map.of("AttributeName", Tables.InboxClaims.TTL, "Enabled", true));
    }

    private static Map<String, Object> table(Synth.Result r, TableDef def) {
        return Cfn.resource(r, Cfn.idWhere(r, "AWS::DynamoDB::Table", "TableName", def.fullName(r.prefix())));
    }

    private static void addKey(Map<String, String> types, TableDef.Key key) {
        String previous = types.put(key.name(), key.type().name());
        assertThat(previous == null || previous.equals(key.type().name()))
                .as("attribute %s has one type", key.name()).isTrue();
    }
}
