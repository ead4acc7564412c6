package chat.localstack;

import chat.model.schema.TableDef;
import chat.model.schema.TableDef.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Creates the tables of {@code Tables.all()} that do not exist yet and checks the ones that do. No TTL set-up:
 * dynalite has no UpdateTimeToLive, and the code compares timestamps on read anyway.
 */
final class TableProvisioner {
    /** A hang guard: tables go ACTIVE at once (createTableMs 0), a busy machine only delays the answer. */
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);

    private TableProvisioner() {
    }

    static void ensure(DynamoDbClient dynamo, String prefix, List<TableDef> defs) {
        for (TableDef def : defs) {
            String name = def.fullName(prefix);
            TableDescription existing = describe(dynamo, name);
            if (existing == null) {
                create(dynamo, name, def);
                Poll.until("table " + name + " ACTIVE", ACTIVE_TIMEOUT, Duration.ofMillis(10),
                        () -> describe(dynamo, name).tableStatus() == TableStatus.ACTIVE);
            } else {
                verify(name, def, existing);
            }
        }
    }

    private static TableDescription describe(DynamoDbClient dynamo, String name) {
        try {
            return dynamo.describeTable(r -> r.tableName(name)).table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static void create(DynamoDbClient dynamo, String name, TableDef def) {
        List<GlobalSecondaryIndex> indexes = def.indexes().stream()
                .map(index -> GlobalSecondaryIndex.builder().indexName(index.name())
                        .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .toList();
        dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(def.partitionKey(), def.sortKey()))
                .attributeDefinitions(attributeDefinitions(def))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes));
    }

    static List<KeySchemaElement> keySchema(Key partitionKey, Key sortKey) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(partitionKey.name()).keyType(KeyType.HASH).build());
        if (sortKey != null) {
            schema.add(KeySchemaElement.builder().attributeName(sortKey.name()).keyType(KeyType.RANGE).build());
        }
        return schema;
    }

    /** Every key attribute of the table and its indexes, once; DynamoDB rejects duplicates and unused ones. */
    private static List<AttributeDefinition> attributeDefinitions(TableDef def) {
        Map<String, Key> keys = new LinkedHashMap<>();
        List<Key> all = new ArrayList<>();
        all.add(def.partitionKey());
        all.add(def.sortKey());
        def.indexes().forEach(index -> {
            all.add(index.partitionKey());
            all.add(index.sortKey());
        });
        for (Key key : all) {
            if (key == null) {
                continue;
            }
            Key previous = keys.putIfAbsent(key.name(), key);
            if (previous != null && previous.type() != key.type()) {
                throw new IllegalArgumentException(def.name() + ": attribute " + key.name() + " has two key types");
            }
        }
        return keys.values().stream().map(key -> AttributeDefinition.builder().attributeName(key.name())
                .attributeType(ScalarAttributeType.fromValue(key.type().name())).build()).toList();
    }

    /**
     * A table kept from an earlier run must still match its TableDef: dynalite cannot add a GSI to an existing table
     * (its UpdateTable only changes throughput), so a changed schema needs a fresh data directory.
     */
    private static void verify(String name, TableDef def, TableDescription table) {
        String expected = shape(keySchema(def.partitionKey(), def.sortKey()), def.indexes().stream()
                .collect(Collectors.toMap(TableDef.Index::name, i -> keySchema(i.partitionKey(), i.sortKey()))));
        String actual = shape(table.keySchema(), table.globalSecondaryIndexes().stream()
                .collect(Collectors.toMap(GlobalSecondaryIndexDescription::indexName,
                        GlobalSecondaryIndexDescription::keySchema)));
        if (!expected.equals(actual)) {
            throw new IllegalStateException("table " + name + " exists with " + actual + " but its TableDef says "
                    + expected + "; delete the local data directory to recreate it");
        }
    }

    private static String shape(List<KeySchemaElement> keys, Map<String, List<KeySchemaElement>> indexes) {
        return "keys " + render(keys) + ", indexes " + new TreeMap<>(indexes).entrySet().stream()
                .map(e -> e.getKey() + render(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String render(List<KeySchemaElement> keys) {
        return keys.stream().map(k -> k.attributeName() + " " + k.keyTypeAsString())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
