package chat.infra;

import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * One on-demand DynamoDB table per {@link Tables#all()} entry, keyed exactly as the code's schema constants say:
 * point-in-time recovery on, TTL where the schema names a TTL attribute, deletion protection and RETAIN in prod.
 */
public final class Storage extends Construct {
    private final Map<TableDef, Table> tables = new LinkedHashMap<>();

    public Storage(Construct scope, String id, StackSettings settings) {
        super(scope, id);
        for (TableDef def : Tables.all()) {
            Table.Builder table = Table.Builder.create(this, constructId(def))
                    .tableName(def.fullName(settings.prefix()))
                    .partitionKey(attribute(def.partitionKey()))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(true)
                            .build())
                    .deletionProtection(settings.prod())
                    .removalPolicy(settings.statefulRemovalPolicy());
            def.sortKeyOpt().ifPresent(k -> table.sortKey(attribute(k)));
            def.ttl().ifPresent(table::timeToLiveAttribute);
            Table built = table.build();
            for (TableDef.Index index : def.indexes()) {
                GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                        .indexName(index.name())
                        .partitionKey(attribute(index.partitionKey()))
                        .projectionType(ProjectionType.ALL);
                if (index.sortKey() != null) {
                    gsi.sortKey(attribute(index.sortKey()));
                }
                built.addGlobalSecondaryIndex(gsi.build());
            }
            tables.put(def, built);
        }
    }

    /** The table deployed for {@code def}. */
    public ITable table(TableDef def) {
        Table table = tables.get(def);
        if (table == null) {
            throw new IllegalArgumentException("no table for " + def.name());
        }
        return table;
    }

    public Map<TableDef, Table> tables() {
        return Collections.unmodifiableMap(tables);
    }

    private static String constructId(TableDef def) {
        StringBuilder id = new StringBuilder();
        for (String part : def.name().split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.append("Table").toString();
    }

    private static Attribute attribute(TableDef.Key key) {
        return Attribute.builder().name(key.name()).type(switch (key.type()) {
            case S -> AttributeType.STRING;
            case N -> AttributeType.NUMBER;
            case B -> AttributeType.BINARY;
        }).build();
    }
}
