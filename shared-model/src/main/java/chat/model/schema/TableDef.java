package chat.model.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DynamoDB table's shape, read by the code, the local stack and the CDK app alike, so it is written once.
 *
 * @param name         base name; deployments prepend a prefix (e.g. "chat-dev-")
 * @param partitionKey the hash key
 * @param sortKey      the range key, if any
 * @param indexes      global secondary indexes (all project every attribute)
 * @param ttlAttribute epoch-seconds attribute after which AWS may delete the item; the code never relies on the
 *                     deletion (it compares timestamps on read), so engines without TTL are still correct
 */
public record TableDef(String name, Key partitionKey, Key sortKey, List<Index> indexes, String ttlAttribute) {
    public TableDef {
        Objects.requireNonNull(name);
        Objects.requireNonNull(partitionKey);
        indexes = List.copyOf(indexes);
    }

    public String fullName(String prefix) {
        return prefix + name;
    }

    public Optional<Key> sortKeyOpt() {
        return Optional.ofNullable(sortKey);
    }

    public Optional<String> ttl() {
        return Optional.ofNullable(ttlAttribute);
    }

    /** DynamoDB scalar key types. */
    public enum Type { S, N, B }

    public record Key(String name, Type type) {
    }

    public record Index(String name, Key partitionKey, Key sortKey) {
    }
}
