package chat.system;

import chat.localstack.LocalStack;
import chat.localstack.LocalStackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The whole chat system on one machine: the local AWS stack (dynalite as a child process, ElasticMQ in this JVM, or
 * both in a process of their own with {@link SystemOptions#localStackProcess()}), functions instances and brokers as
 * separate JVM processes. Used by the start command, the benchmark and the end-to-end tests.
 */
public final class ChatSystem implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private final SystemOptions options;
    private final RepoLayout repo = RepoLayout.locate();
    private final List<ManagedProcess> functions = new ArrayList<>();
    private final List<ManagedProcess> brokers = new ArrayList<>();
    private final List<Integer> functionsPorts = new ArrayList<>();
    private final List<Integer> brokerPorts = new ArrayList<>();
    /** Each broker's private (delivery callback) port. */
    private final List<Integer> brokerInternalPorts = new ArrayList<>();
    private LocalStack localStack;
    private LocalStackProcess localStackProcess;
    private URI dynamoEndpoint;
    private URI sqsEndpoint;

    private ChatSystem(SystemOptions options) {
        this.options = options;
    }

    public static ChatSystem start(SystemOptions options) {
        ChatSystem system = new ChatSystem(options);
        try {
            system.startAll();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startAll() {
        try {
            Files.createDirectories(options.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (options.localStackProcess()) {
            localStackProcess = new LocalStackProcess(repo, options).start(READY_TIMEOUT);
            dynamoEndpoint = localStackProcess.dynamoEndpoint();
            sqsEndpoint = localStackProcess.sqsEndpoint();
        } else {
            System.setProperty("chat.localstack.home", repo.localstackHome().toString());
            localStack = new LocalStack(new LocalStackConfig(options.dataDir(), LocalStackConfig.DEFAULT_HOST,
                    options.dynamoPort(), options.sqsPort(), LocalStackConfig.DEFAULT_PREFIX,
                    LocalStackConfig.DEFAULT_PREFIX, options.logDir())).start();
            dynamoEndpoint = localStack.dynamoEndpoint();
            sqsEndpoint = localStack.sqsEndpoint();
        }
        for (int i = 0; i < options.functionsInstances(); i++) {
            int port = options.functionsPort() == 0 ? freePort() : options.functionsPort() + i;
            functionsPorts.add(port);
            functions.add(functionsProcess(i, port).start());
        }
        for (int i = 0; i < options.brokers(); i++) {
            int port = options.brokerPort() == 0 ? freePort() : options.brokerPort() + i;
            brokerPorts.add(port);
            brokerInternalPorts.add(options.brokerPort() == 0 ? freePort() : options.brokerPort() + 10 + i);
            brokers.add(brokerProcess(i, port).start());
        }
        functions.forEach(p -> p.awaitReady(READY_TIMEOUT));
        brokers.forEach(p -> p.awaitReady(READY_TIMEOUT));
    }

    private ManagedProcess functionsProcess(int index, int port) {
        return functionsProcess(index, port, Map.of());
    }

    private ManagedProcess functionsProcess(int index, int port, Map<String, String> overrides) {
        List<String> cmd = javaCommand();
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.dynamodb.endpoint-override=" + dynamoEndpoint);
        cmd.add("-Dquarkus.sqs.endpoint-override=" + sqsEndpoint);
        Map<String, String> properties = new java.util.HashMap<>(options.functionsProperties());
        properties.putAll(overrides);
        addProperties(cmd, properties);
        cmd.add("-jar");
        cmd.add(repo.functionsJar().toString());
        return new ManagedProcess("functions-" + index, cmd, options.logDir().resolve("functions-" + index + ".log"),
                URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
    }

    private ManagedProcess brokerProcess(int index, int port) {
        List<String> cmd = javaCommand();
        cmd.addAll(options.brokerJvmOptions());
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dchat.broker.internal-port=" + brokerInternalPorts.get(index));
        cmd.add("-Dchat.broker.node-id=broker-" + index);
        // Every broker knows every functions instance and spreads its calls over them with failover, the way a load
        // balancer in front of them would; each starts its rotation at a different instance.
        cmd.add("-Dchat.broker.functions-url=" + functionsUrls(index));
        addProperties(cmd, options.brokerProperties());
        cmd.add("-jar");
        cmd.add(repo.brokerJar().toString());
        return new ManagedProcess("broker-" + index, cmd, options.logDir().resolve("broker-" + index + ".log"),
                URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
    }

    private String functionsUrls(int first) {
        List<String> urls = new ArrayList<>();
        for (int k = 0; k < functionsPorts.size(); k++) {
            urls.add("http://127.0.0.1:" + functionsPorts.get((first + k) % functionsPorts.size()));
        }
        return String.join(",", urls);
    }

    private List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // the profile in which the built-in local secrets are accepted: any other refuses to start with them
        cmd.add("-Dquarkus.profile=local");
        return cmd;
    }

    private static void addProperties(List<String> cmd, Map<String, String> properties) {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            cmd.add("-D" + e.getKey() + "=" + e.getValue());
        }
    }

    /** Base URL of the public HTTP API (the first functions instance). */
    public URI api() {
        return api(0);
    }

    public URI api(int index) {
        return URI.create("http://127.0.0.1:" + functionsPorts.get(index));
    }

    /** WebSocket URL of the first broker. */
    public URI ws() {
        return ws(0);
    }

    public URI ws(int index) {
        return URI.create("ws://127.0.0.1:" + brokerPorts.get(index) + "/v1/ws");
    }

    /** Base URL of broker {@code index}'s private API (the delivery callback), which only the functions call. */
    public URI brokerInternal(int index) {
        return URI.create("http://127.0.0.1:" + brokerInternalPorts.get(index));
    }

    /** Every broker's WebSocket URL, starting with broker {@code first}: what a client fails over along. */
    public List<URI> wsFrom(int first) {
        List<URI> out = new ArrayList<>();
        for (int k = 0; k < brokerPorts.size(); k++) {
            out.add(ws((first + k) % brokerPorts.size()));
        }
        return out;
    }

    public int brokerCount() {
        return brokers.size();
    }

    /** The embedded local stack (queue URLs, restarting dynalite); not there when it runs in its own process. */
    public LocalStack localStack() {
        if (localStack == null && localStackProcess != null) {
            throw new IllegalStateException("the local stack runs in a process of its own (localStackProcess)");
        }
        return localStack;
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** dynalite's (Node) process id. */
    public long dynalitePid() {
        return localStackProcess != null ? localStackProcess.dynalitePid() : localStack.dynalitePid();
    }

    /**
     * The local stack's own JVM (ElasticMQ), when it runs in one; empty when ElasticMQ is embedded in this JVM and its
     * CPU time cannot be told apart from this process's.
     */
    public OptionalLong localStackPid() {
        return localStackProcess == null ? OptionalLong.empty() : OptionalLong.of(localStackProcess.pid());
    }

    public ManagedProcess functions(int index) {
        return functions.get(index);
    }

    public ManagedProcess broker(int index) {
        return brokers.get(index);
    }

    public List<ManagedProcess> processes() {
        List<ManagedProcess> all = new ArrayList<>(functions);
        all.addAll(brokers);
        return all;
    }

    /** Starts a killed functions instance or broker again, on its old port. */
    public void restart(ManagedProcess process) {
        process.stop();
        int f = functions.indexOf(process);
        ManagedProcess fresh = f >= 0 ? functionsProcess(f, functionsPorts.get(f))
                : brokerProcess(brokers.indexOf(process), brokerPorts.get(brokers.indexOf(process)));
        fresh.start().awaitReady(READY_TIMEOUT);
        if (f >= 0) {
            functions.set(f, fresh);
        } else {
            brokers.set(brokers.indexOf(process), fresh);
        }
    }

    /**
     * Starts functions instance {@code index} again on its old port with some settings changed (an empty value unsets
     * one), e.g. without a test crash point; the instance keeps them until it is restarted again.
     */
    public void restartFunctions(int index, Map<String, String> overrides) {
        functions.get(index).stop();
        ManagedProcess fresh = functionsProcess(index, functionsPorts.get(index), overrides);
        fresh.start().awaitReady(READY_TIMEOUT);
        functions.set(index, fresh);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        brokers.forEach(ManagedProcess::stop);
        functions.forEach(ManagedProcess::stop);
        if (localStack != null) {
            localStack.stop();
        }
        if (localStackProcess != null) {
            localStackProcess.stop();
        }
    }
}
