package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;

import chat.model.schema.Tables.UploadQuotas;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Per user and UTC day, what was asked to be uploaded; one conditional update counts a slot or refuses it. */
@ApplicationScoped
public class UploadQuotasTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public UploadQuotasTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(UploadQuotas.DEF);
    }

    /**
     * Counts one upload of {@code bytes} on {@code day} if the day's totals stay within both limits; false (nothing
     * counted) when they would not.
     */
    public boolean tryCount(String userId, LocalDate day, long bytes, long maxBytes, int maxUploads) {
        long ttl = day.plusDays(2).toEpochDay() * 86_400;
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(UploadQuotas.USER_ID, s(userId), UploadQuotas.DAY, s(day.toString())))
                    .updateExpression("ADD #b :b, #u :one SET #ttl = :ttl")
                    .conditionExpression("(attribute_not_exists(#b) OR #b <= :roomBytes) "
                            + "AND (attribute_not_exists(#u) OR #u < :maxUploads)")
                    .expressionAttributeNames(Map.of("#b", UploadQuotas.BYTES, "#u", UploadQuotas.UPLOADS,
                            "#ttl", UploadQuotas.TTL))
                    .expressionAttributeValues(Map.of(":b", n(bytes), ":one", n(1), ":ttl", n(ttl),
                            ":roomBytes", n(maxBytes - bytes), ":maxUploads", n(maxUploads))));
            return true;
        } catch (ConditionalCheckFailedException over) {
            return false;
        }
    }
}
