package chat.localstack;

import java.nio.file.Path;

/**
 * How to run the local stack.
 *
 * @param dataDir       dynalite's LevelDB directory, and s3proxy's objects in its {@code s3} subfolder (LevelDB
 *                      touches only its own file names); {@code null} keeps everything in memory
 * @param host          interface every engine binds to (and that endpoints name)
 * @param dynamoPort    dynalite port; 0 picks a free one
 * @param sqsPort       ElasticMQ port; 0 picks a free one
 * @param s3Port        s3proxy port; 0 picks a free one
 * @param tablesPrefix  prepended to every {@code TableDef} name (same role as {@code chat.tables.prefix})
 * @param queuesPrefix  prepended to every {@code QueueDef} name (same role as {@code chat.queues.prefix})
 * @param bucketsPrefix prepended to every {@code BucketDef} name ("chat-" + "media" is {@code chat.media.bucket}'s
 *                      default)
 * @param logDir        where the engines' output goes; {@code null} means a fresh temporary directory
 */
public record LocalStackConfig(Path dataDir, String host, int dynamoPort, int sqsPort, int s3Port,
                               String tablesPrefix, String queuesPrefix, String bucketsPrefix, Path logDir) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_PREFIX = "chat-";

    public LocalStackConfig {
        host = host == null ? DEFAULT_HOST : host;
        tablesPrefix = tablesPrefix == null ? DEFAULT_PREFIX : tablesPrefix;
        queuesPrefix = queuesPrefix == null ? DEFAULT_PREFIX : queuesPrefix;
        bucketsPrefix = bucketsPrefix == null ? DEFAULT_PREFIX : bucketsPrefix;
        checkPort(dynamoPort);
        checkPort(sqsPort);
        checkPort(s3Port);
    }

    /** A free s3proxy port and the default bucket prefix: the shape callers used before there was S3. */
    public LocalStackConfig(Path dataDir, String host, int dynamoPort, int sqsPort, String tablesPrefix,
                            String queuesPrefix, Path logDir) {
        this(dataDir, host, dynamoPort, sqsPort, 0, tablesPrefix, queuesPrefix, DEFAULT_PREFIX, logDir);
    }

    /** In memory, free ports, default prefixes: what tests usually want. */
    public static LocalStackConfig inMemory(Path logDir) {
        return new LocalStackConfig(null, DEFAULT_HOST, 0, 0, 0, DEFAULT_PREFIX, DEFAULT_PREFIX, DEFAULT_PREFIX,
                logDir);
    }

    /** On disk in {@code dataDir}, free ports, default prefixes. */
    public static LocalStackConfig onDisk(Path dataDir, Path logDir) {
        return new LocalStackConfig(dataDir, DEFAULT_HOST, 0, 0, 0, DEFAULT_PREFIX, DEFAULT_PREFIX, DEFAULT_PREFIX,
                logDir);
    }

    /** s3proxy's folder under the data directory; {@code null} when in memory. */
    public Path s3DataDir() {
        return dataDir == null ? null : dataDir.resolve("s3");
    }

    public LocalStackConfig withPorts(int dynamo, int sqs) {
        return withPorts(dynamo, sqs, s3Port);
    }

    public LocalStackConfig withPorts(int dynamo, int sqs, int s3) {
        return new LocalStackConfig(dataDir, host, dynamo, sqs, s3, tablesPrefix, queuesPrefix, bucketsPrefix,
                logDir);
    }

    public LocalStackConfig withPrefixes(String tables, String queues) {
        return new LocalStackConfig(dataDir, host, dynamoPort, sqsPort, s3Port, tables, queues, bucketsPrefix,
                logDir);
    }

    public LocalStackConfig withBucketsPrefix(String buckets) {
        return new LocalStackConfig(dataDir, host, dynamoPort, sqsPort, s3Port, tablesPrefix, queuesPrefix, buckets,
                logDir);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
