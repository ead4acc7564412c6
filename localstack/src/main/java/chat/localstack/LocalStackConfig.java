package chat.localstack;

import java.nio.file.Path;

/**
 * How to run the local stack.
 *
 * @param dataDir      dynalite's LevelDB directory; {@code null} keeps everything in memory
 * @param host         interface both engines bind to (and that endpoints name)
 * @param dynamoPort   dynalite port; 0 picks a free one
 * @param sqsPort      ElasticMQ port; 0 picks a free one
 * @param tablesPrefix prepended to every {@code TableDef} name (same role as {@code chat.tables.prefix})
 * @param queuesPrefix prepended to every {@code QueueDef} name (same role as {@code chat.queues.prefix})
 * @param logDir       where dynalite's output goes; {@code null} means a fresh temporary directory
 */
public record LocalStackConfig(Path dataDir, String host, int dynamoPort, int sqsPort, String tablesPrefix,
                               String queuesPrefix, Path logDir) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_PREFIX = "chat-";

    public LocalStackConfig {
        host = host == null ? DEFAULT_HOST : host;
        tablesPrefix = tablesPrefix == null ? DEFAULT_PREFIX : tablesPrefix;
        queuesPrefix = queuesPrefix == null ? DEFAULT_PREFIX : queuesPrefix;
        checkPort(dynamoPort);
        checkPort(sqsPort);
    }

    /** In memory, free ports, default prefixes: what tests usually want. */
    public static LocalStackConfig inMemory(Path logDir) {
        return new LocalStackConfig(null, DEFAULT_HOST, 0, 0, DEFAULT_PREFIX, DEFAULT_PREFIX, logDir);
    }

    /** On disk in {@code dataDir}, free ports, default prefixes. */
    public static LocalStackConfig onDisk(Path dataDir, Path logDir) {
        return new LocalStackConfig(dataDir, DEFAULT_HOST, 0, 0, DEFAULT_PREFIX, DEFAULT_PREFIX, logDir);
    }

    public LocalStackConfig withPorts(int dynamo, int sqs) {
        return new LocalStackConfig(dataDir, host, dynamo, sqs, tablesPrefix, queuesPrefix, logDir);
    }

    public LocalStackConfig withPrefixes(String tables, String queues) {
        return new LocalStackConfig(dataDir, host, dynamoPort, sqsPort, tables, queues, logDir);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
