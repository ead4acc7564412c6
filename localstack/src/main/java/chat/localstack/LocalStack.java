package chat.localstack;

import chat.localstack.QueueProvisioner.ProvisionedQueue;
import chat.model.schema.BucketDef;
import chat.model.schema.Buckets;
import chat.model.schema.QueueDef;
import chat.model.schema.Queues;
import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local AWS stack without Docker: dynalite (DynamoDB API, a Node child process), ElasticMQ (SQS API, embedded
 * in this JVM) and s3proxy (S3 API, a child JVM), with every table of {@link Tables#all()}, every queue of
 * {@link Queues#all()} and every bucket of {@link Buckets#all()} created.
 */
public final class LocalStack implements AutoCloseable {
    private final LocalStackConfig config;
    private final Thread shutdownHook = new Thread(this::onJvmShutdown, "localstack-shutdown");
    private volatile Dynalite dynalite;
    private boolean hookOnExit = true;
    private ElasticMq elasticMq;
    private volatile S3Proxy s3Proxy;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private S3Client s3;
    private Map<QueueDef, ProvisionedQueue> queueUrls = Map.of();

    public LocalStack(LocalStackConfig config) {
        this.config = config;
    }

    /**
     * For an owner that stops this stack itself when the JVM exits, after the processes that use it: without this,
     * the stack's own exit hook stops dynalite at the same time as the owner's hook stops those processes (the JVM
     * runs hooks concurrently). dynalite still ends with this JVM however it dies (it watches its standard input).
     * Call before {@link #start()}.
     */
    public synchronized LocalStack withoutShutdownHook() {
        hookOnExit = false;
        return this;
    }

    /** Starts both engines and creates the schema; a stack that fails half-way is stopped again. */
    public synchronized LocalStack start() {
        if (dynalite != null) {
            throw new IllegalStateException("already started");
        }
        // Registered first, so a dynalite started by a start() that later fails still dies with the JVM.
        if (hookOnExit) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        try {
            Path logDir = logDir();
            int dynamoPort = Ports.resolve(config.host(), config.dynamoPort());
            dynalite = new Dynalite(LocalStackHome.resolve(), config.host(), dynamoPort, config.dataDir(),
                    logDir.resolve("dynalite-" + dynamoPort + ".log"));
            elasticMq = new ElasticMq(config.host());
            int s3Port = Ports.resolve(config.host(), config.s3Port());
            s3Proxy = new S3Proxy(S3ProxyHome.resolve(), config.host(), s3Port, config.s3DataDir(),
                    logDir.resolve("s3proxy-" + s3Port + ".log"));
            startAll(dynalite, elasticMq, s3Proxy);
            dynamo = AwsClients.dynamo(dynamoEndpoint());
            sqs = AwsClients.sqs(sqsEndpoint());
            s3 = AwsClients.s3(s3Endpoint());
            TableProvisioner.ensure(dynamo, config.tablesPrefix(), Tables.all());
            queueUrls = QueueProvisioner.ensure(sqs, config.queuesPrefix(), Queues.all());
            BucketProvisioner.ensure(s3, config.bucketsPrefix(), Buckets.all());
            return this;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * ElasticMQ's first start in a JVM costs seconds of Pekko class loading, and s3proxy's JVM a second or two of its
     * own; doing both while Node boots dynalite overlaps the three waits. Every start is waited for, failed or not,
     * so stop() never races a start still in progress.
     */
    private void startAll(Dynalite dynalite, ElasticMq elasticMq, S3Proxy s3Proxy) {
        List<CompletableFuture<Void>> others = List.of(
                CompletableFuture.runAsync(() -> elasticMq.start(config.sqsPort()),
                        task -> new Thread(task, "elasticmq-start").start()),
                CompletableFuture.runAsync(s3Proxy::start, task -> new Thread(task, "s3proxy-start").start()));
        RuntimeException failure = null;
        try {
            dynalite.start();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (CompletableFuture<Void> started : others) {
            try {
                started.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Path logDir() {
        try {
            return config.logDir() == null ? Files.createTempDirectory("chat-localstack-logs")
                    : Files.createDirectories(config.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log directory " + config.logDir(), e);
        }
    }

    /**
     * Kills dynalite and starts it again on the same port and data directory, as a crash and restart would. The
     * schema is ensured again, so an in-memory stack gets its (empty) tables back.
     */
    public synchronized void restartDynamo() {
        requireStarted();
        dynalite.stop();
        dynalite.start();
        TableProvisioner.ensure(dynamo, config.tablesPrefix(), Tables.all());
    }

    public synchronized URI dynamoEndpoint() {
        requireStarted();
        return dynalite.endpoint();
    }

    /** The dynalite (Node) process's id, so a benchmark can measure its CPU time apart from everything else. */
    public synchronized long dynalitePid() {
        requireStarted();
        return dynalite.pid();
    }

    public synchronized URI sqsEndpoint() {
        requireStarted();
        return elasticMq.endpoint();
    }

    public synchronized URI s3Endpoint() {
        requireStarted();
        return s3Proxy.endpoint();
    }

    /**
     * Kills s3proxy and starts it again on the same port and folder, as a crash and restart would; the buckets are
     * ensured again, so an in-memory stack gets its (empty) buckets back.
     */
    public synchronized void restartS3() {
        requireStarted();
        s3Proxy.stop();
        s3Proxy.start();
        BucketProvisioner.ensure(s3, config.bucketsPrefix(), Buckets.all());
    }

    public String bucketName(BucketDef def) {
        return def.fullName(config.bucketsPrefix());
    }

    public synchronized String queueUrl(QueueDef def) {
        return urls(def).url();
    }

    public synchronized String dlqUrl(QueueDef def) {
        return urls(def).dlqUrl();
    }

    public String tableName(TableDef def) {
        return def.fullName(config.tablesPrefix());
    }

    public LocalStackConfig config() {
        return config;
    }

    private ProvisionedQueue urls(QueueDef def) {
        requireStarted();
        ProvisionedQueue urls = queueUrls.get(def);
        if (urls == null) {
            throw new IllegalArgumentException("not a queue of Queues.all(): " + def);
        }
        return urls;
    }

    private void requireStarted() {
        if (dynalite == null || elasticMq == null || s3Proxy == null) {
            throw new IllegalStateException("local stack not started");
        }
    }

    /** Kills dynalite first: a leftover Node process would hold the port and the LevelDB lock. */
    public synchronized void stop() {
        if (dynalite != null) {
            dynalite.stop();
            dynalite = null;
        }
        if (s3Proxy != null) {
            s3Proxy.stop();
            s3Proxy = null;
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (dynamo != null) {
            dynamo.close();
            dynamo = null;
        }
        if (sqs != null) {
            sqs.close();
            sqs = null;
        }
        if (elasticMq != null) {
            elasticMq.stop();
            elasticMq = null;
        }
        queueUrls = Map.of();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNotRegistered) {
            // Called from the hook itself, or never registered: nothing to undo.
        }
    }

    /** Kills dynalite and s3proxy without waiting for this object's lock, which a start() in progress may hold. */
    private void onJvmShutdown() {
        Dynalite running = dynalite;
        if (running != null) {
            running.stop();
        }
        S3Proxy runningS3 = s3Proxy;
        if (runningS3 != null) {
            runningS3.stop();
        }
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("local stack: error while stopping: " + e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
