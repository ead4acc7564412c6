package chat.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to run the whole system on one machine.
 *
 * @param dataDir            dynalite's on-disk data; null keeps it in memory (tests)
 * @param logDir             where every process writes its log
 * @param functionsPort      first functions instance's HTTP port; 0 picks free ports
 * @param brokerPort         first broker's port; 0 picks free ports
 * @param dynamoPort         dynalite port; 0 picks a free one
 * @param sqsPort            ElasticMQ port; 0 picks a free one
 * @param s3Port             s3proxy port; 0 picks a free one
 * @param functionsInstances how many functions processes
 * @param brokers            how many broker processes
 * @param functionsProperties -D settings for every functions process
 * @param brokerProperties    -D settings for every broker process
 * @param brokerJvmOptions    JVM options for every broker process after the defaults (so {@code -Xmx2g} there
 *                            overrides the default heap), e.g. for a benchmark that holds many connections
 */
public record SystemOptions(Path dataDir, Path logDir, int functionsPort, int brokerPort, int dynamoPort,
        int sqsPort, int s3Port, int functionsInstances, int brokers, Map<String, String> functionsProperties,
        Map<String, String> brokerProperties, List<String> brokerJvmOptions, boolean localStackProcess) {
    public SystemOptions {
        functionsProperties = Map.copyOf(functionsProperties);
        brokerProperties = Map.copyOf(brokerProperties);
        brokerJvmOptions = List.copyOf(brokerJvmOptions);
        if (functionsInstances < 1 || brokers < 1) {
            throw new IllegalArgumentException("need at least one functions instance and one broker");
        }
    }

    /**
     * Brokers with the default JVM options, s3proxy on a free port; the local stack embedded in this JVM (the quicker
     * start tests want).
     */
    public SystemOptions(Path dataDir, Path logDir, int functionsPort, int brokerPort, int dynamoPort, int sqsPort,
            int functionsInstances, int brokers, Map<String, String> functionsProperties,
            Map<String, String> brokerProperties) {
        this(dataDir, logDir, functionsPort, brokerPort, dynamoPort, sqsPort, 0, functionsInstances, brokers,
                functionsProperties, brokerProperties, List.of(), false);
    }

    /** Broker settings that lift the per-device frame rate limit, for tests that drive one connection flat out. */
    public static final Map<String, String> UNLIMITED_FRAME_RATE = Map.of(
            "chat.broker.rate-limit.frames-per-second", "100000", "chat.broker.rate-limit.burst", "100000");

    /**
     * Functions settings that turn on the AWS call and capacity unit counts of GET /internal/v1/stats, off by default
     * because they cost CPU on every AWS call: for the benchmark and the tests that read the counts.
     */
    public static final Map<String, String> METERING = Map.of("chat.metering.enabled", "true");

    /**
     * In memory on free ports, one of each, with cheap password hashing and no frame rate limit (throughput tests
     * send far faster than a person): what a test wants.
     */
    public static SystemOptions forTests(Path logDir) {
        return new SystemOptions(null, logDir, 0, 0, 0, 0, 1, 1, Map.of("chat.auth.password-iterations", "1000"),
                UNLIMITED_FRAME_RATE);
    }

    /** The same options with the product's frame rate limit (its defaults) on the brokers. */
    public SystemOptions withProductRateLimit() {
        Map<String, String> b = new java.util.HashMap<>(brokerProperties);
        UNLIMITED_FRAME_RATE.keySet().forEach(b::remove);
        return new SystemOptions(dataDir, logDir, functionsPort, brokerPort, dynamoPort, sqsPort, s3Port,
                functionsInstances, brokers, functionsProperties, b, brokerJvmOptions, localStackProcess);
    }

    /** The same options with {@link #METERING} on every functions process. */
    public SystemOptions withMetering() {
        return withProperties(METERING, Map.of());
    }

    public SystemOptions withDataDir(Path dir) {
        return new SystemOptions(dir, logDir, functionsPort, brokerPort, dynamoPort, sqsPort, s3Port,
                functionsInstances, brokers, functionsProperties, brokerProperties, brokerJvmOptions,
                localStackProcess);
    }

    public SystemOptions withInstances(int functions, int brokerCount) {
        return new SystemOptions(dataDir, logDir, functionsPort, brokerPort, dynamoPort, sqsPort, s3Port,
                functions, brokerCount, functionsProperties, brokerProperties, brokerJvmOptions, localStackProcess);
    }

    /** The same options with extra -D settings for every functions process and every broker. */
    public SystemOptions withProperties(Map<String, String> functions, Map<String, String> broker) {
        Map<String, String> f = new java.util.HashMap<>(functionsProperties);
        f.putAll(functions);
        Map<String, String> b = new java.util.HashMap<>(brokerProperties);
        b.putAll(broker);
        return new SystemOptions(dataDir, logDir, functionsPort, brokerPort, dynamoPort, sqsPort, s3Port,
                functionsInstances, brokers, f, b, brokerJvmOptions, localStackProcess);
    }

    /** The same options with these JVM options (e.g. {@code -Xmx2g}) for every broker. */
    public SystemOptions withBrokerJvmOptions(List<String> options) {
        return new SystemOptions(dataDir, logDir, functionsPort, brokerPort, dynamoPort, sqsPort, s3Port,
                functionsInstances, brokers, functionsProperties, brokerProperties, options, localStackProcess);
    }

    /** The same options with s3proxy on this port (0 = a free one). */
    public SystemOptions withS3Port(int port) {
        return new SystemOptions(dataDir, logDir, functionsPort, brokerPort, dynamoPort, sqsPort, port,
                functionsInstances, brokers, functionsProperties, brokerProperties, brokerJvmOptions,
                localStackProcess);
    }

    /** The same options with the local stack in a process of its own. */
    public SystemOptions withLocalStackProcess() {
        return new SystemOptions(dataDir, logDir, functionsPort, brokerPort, dynamoPort, sqsPort, s3Port,
                functionsInstances, brokers, functionsProperties, brokerProperties, brokerJvmOptions, true);
    }
}
