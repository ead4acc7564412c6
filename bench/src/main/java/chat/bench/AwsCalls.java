package chat.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** AWS API calls made by the functions during a measurement, grouped the way they are billed. */
record AwsCalls(Map<String, Long> byOperation) {
    AwsCalls {
        byOperation = new TreeMap<>(byOperation);
    }

    static AwsCalls between(Map<String, Long> before, Map<String, Long> after) {
        return new AwsCalls(FunctionsStats.diff(before, after));
    }

    long dynamoWriteRequests() {
        return sum("DynamoDb.PutItem", "DynamoDb.UpdateItem", "DynamoDb.DeleteItem", "DynamoDb.BatchWriteItem");
    }

    long dynamoReadRequests() {
        return sum("DynamoDb.GetItem", "DynamoDb.BatchGetItem", "DynamoDb.Query", "DynamoDb.Scan");
    }

    long sqsRequests() {
        return byOperation.entrySet().stream().filter(e -> e.getKey().startsWith("Sqs."))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Every operation's count divided by {@code units} (e.g. per message), rounded to 3 decimals. */
    Map<String, Double> per(long units) {
        Map<String, Double> out = new LinkedHashMap<>();
        byOperation.forEach((k, v) -> out.put(k, round(v / (double) units)));
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private long sum(String... operations) {
        long total = 0;
        for (String op : operations) {
            total += byOperation.getOrDefault(op, 0L);
        }
        return total;
    }
}
