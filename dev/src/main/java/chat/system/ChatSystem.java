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
 *
 * <p>No child outlives the JVM that started it: a shutdown hook stops them all on SIGTERM or SIGINT (brokers first,
 * then the functions, then the local stack they both use), and on a death no hook sees (kill -9) every child JVM
 * notices that its standard input closed ({@link ParentWatchAgent}), as dynalite does.
 */
public final class ChatSystem implements AutoCloseable {
    /**
     * A hang guard, not a budget: a child that dies fails the start at once, and a start on a busy 2-core machine
     * (JVM start, Quarkus boot, first calls to the local stack) has been seen to take well over a minute.
     */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private final SystemOptions options;
    private final RepoLayout repo = RepoLayout.locate();
    private final List<ManagedProcess> functions = new ArrayList<>();
    private final List<ManagedProcess> brokers = new ArrayList<>();
    private final List<Integer> functionsPorts = new ArrayList<>();
    private final List<Integer> brokerPorts = new ArrayList<>();
    /** Each broker's private (delivery callback) port. */
    private final List<Integer> brokerInternalPorts = new ArrayList<>();
    private volatile LocalStack localStack;
    private volatile LocalStackProcess localStackProcess;
    private URI dynamoEndpoint;
    private URI sqsEndpoint;
    private URI s3Endpoint;
    private String parentWatchAgent;
    private final Thread stopOnExit = new Thread(this::close, "chat-system-stop");
    private boolean closed;

    private ChatSystem(SystemOptions options) {
        this.options = options;
    }

    public static ChatSystem start(SystemOptions options) {
        ChatSystem system = new ChatSystem(options);
        try {
            // Registered before the first child starts, so a SIGTERM during the start stops what was started.
            Runtime.getRuntime().addShutdownHook(system.stopOnExit);
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
        parentWatchAgent = ParentWatchJar.javaAgentOption(options.logDir());
        if (options.localStackProcess()) {
            LocalStackProcess stack = new LocalStackProcess(repo, options, javaCommand("-Xmx256m"));
            synchronized (this) {
                requireOpen();
                localStackProcess = stack;
                stack.start();
            }
            stack.awaitReady(READY_TIMEOUT);
            dynamoEndpoint = localStackProcess.dynamoEndpoint();
            sqsEndpoint = localStackProcess.sqsEndpoint();
            s3Endpoint = localStackProcess.s3Endpoint();
        } else {
            System.setProperty("chat.localstack.home", repo.localstackHome().toString());
            // Its own exit hook would stop dynalite while the brokers still drain; ours stops it last instead.
            LocalStack stack = new LocalStack(new LocalStackConfig(options.dataDir(), LocalStackConfig.DEFAULT_HOST,
                    options.dynamoPort(), options.sqsPort(), options.s3Port(), LocalStackConfig.DEFAULT_PREFIX,
                    LocalStackConfig.DEFAULT_PREFIX, LocalStackConfig.DEFAULT_PREFIX, options.logDir()))
                    .withoutShutdownHook();
            synchronized (this) {
                requireOpen();
                localStack = stack;
            }
            stack.start();
            dynamoEndpoint = localStack.dynamoEndpoint();
            sqsEndpoint = localStack.sqsEndpoint();
            s3Endpoint = localStack.s3Endpoint();
        }
        for (int i = 0; i < options.functionsInstances(); i++) {
            int port = options.functionsPort() == 0 ? freePort() : options.functionsPort() + i;
            functionsPorts.add(port);
            adopt(functionsProcess(i, port), functions);
        }
        for (int i = 0; i < options.brokers(); i++) {
            int port = options.brokerPort() == 0 ? freePort() : options.brokerPort() + i;
            brokerPorts.add(port);
            brokerInternalPorts.add(options.brokerPort() == 0 ? freePort() : options.brokerPort() + 10 + i);
            adopt(brokerProcess(i, port), brokers);
        }
        functions.forEach(p -> p.awaitReady(READY_TIMEOUT));
        brokers.forEach(p -> p.awaitReady(READY_TIMEOUT));
    }

    /**
     * Starts a child and lists it in {@code tier} in one step, unless the system is closing: a shutdown hook may run
     * close() while this starts it, and close() must see every child that was started.
     */
    private synchronized void adopt(ManagedProcess child, List<ManagedProcess> tier) {
        requireOpen();
        tier.add(child.start());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the chat system is stopping");
        }
    }

    private ManagedProcess functionsProcess(int index, int port) {
        return functionsProcess(index, port, Map.of());
    }

    private ManagedProcess functionsProcess(int index, int port, Map<String, String> overrides) {
        List<String> cmd = javaCommand("-Xmx512m");
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.dynamodb.endpoint-override=" + dynamoEndpoint);
        cmd.add("-Dquarkus.sqs.endpoint-override=" + sqsEndpoint);
        if (s3Endpoint != null) { // null only from a local stack process built before S3
            cmd.add("-Dquarkus.s3.endpoint-override=" + s3Endpoint);
        }
        Map<String, String> properties = new java.util.HashMap<>(options.functionsProperties());
        properties.putAll(overrides);
        addProperties(cmd, properties);
        cmd.add("-jar");
        cmd.add(repo.functionsJar().toString());
        return new ManagedProcess("functions-" + index, cmd, options.logDir().resolve("functions-" + index + ".log"),
                URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
    }

    private ManagedProcess brokerProcess(int index, int port) {
        List<String> cmd = javaCommand("-Xmx512m");
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

    private List<String> javaCommand(String heap) {
        List<String> cmd = ChildJvm.command(heap, parentWatchAgent);
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

    /** s3proxy's endpoint: the media bucket ({@code chat-media}) is already there. */
    public URI s3Endpoint() {
        return s3Endpoint;
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
        synchronized (this) {
            requireOpen();
            fresh.start();
            if (f >= 0) {
                functions.set(f, fresh);
            } else {
                brokers.set(brokers.indexOf(process), fresh);
            }
        }
        fresh.awaitReady(READY_TIMEOUT);
    }

    /**
     * Starts functions instance {@code index} again on its old port with some settings changed (an empty value unsets
     * one), e.g. without a test crash point; the instance keeps them until it is restarted again.
     */
    public void restartFunctions(int index, Map<String, String> overrides) {
        functions.get(index).stop();
        ManagedProcess fresh = functionsProcess(index, functionsPorts.get(index), overrides);
        synchronized (this) {
            requireOpen();
            functions.set(index, fresh.start());
        }
        fresh.awaitReady(READY_TIMEOUT);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops every process, each tier as a group, in the order they depend on each other: the brokers (which drain
     * through the functions), the functions, then the local stack. Idempotent; also what the shutdown hook runs.
     */
    @Override
    public void close() {
        List<ManagedProcess> brokersNow;
        List<ManagedProcess> functionsNow;
        synchronized (this) {
            closed = true;
            brokersNow = List.copyOf(brokers);
            functionsNow = List.copyOf(functions);
        }
        ManagedProcess.stopAll(brokersNow);
        ManagedProcess.stopAll(functionsNow);
        if (localStack != null) {
            localStack.stop();
        }
        if (localStackProcess != null) {
            localStackProcess.stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // Run by the hook itself, or the JVM is exiting and the hook has done (or is doing) this.
        }
    }
}
