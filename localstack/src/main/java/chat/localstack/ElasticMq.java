package chat.localstack;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;

/** ElasticMQ (the SQS API) embedded in this JVM; its queues live in memory only. */
final class ElasticMq {
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final String host;
    private ActorSystem system;
    private SQSRestServer server;
    private int port;

    ElasticMq(String host) {
        this.host = host;
    }

    /** Binds {@code requestedPort}, or a port the OS picks when it is 0, and returns once the server listens. */
    synchronized void start(int requestedPort) {
        system = ActorSystem.create("elasticmq", pekkoConfig(), ElasticMq.class.getClassLoader());
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withActorSystem(system).withInterface(host)
                .withAWSRegion(AwsClients.REGION.id());
        // Queue URLs embed the node address; by default that is localhost:9324 whatever port is bound, so it is
        // either generated from the real binding (dynamic port) or set to match the fixed one.
        builder = requestedPort == 0 ? builder.withDynamicPort()
                : builder.withPort(requestedPort).withServerAddress(new NodeAddress("http", host, requestedPort, ""));
        try {
            server = builder.start();
            port = server.waitUntilStarted().localAddress().getPort();
        } catch (RuntimeException e) {
            stop(); // a failed bind (port taken) must not leave the actor system's threads behind
            throw e;
        }
    }

    /**
     * Our own actor system, so stop() can always terminate it (ElasticMQ only unbinds one it was given, and leaves
     * its own running when the bind failed). Daemon threads and no Pekko JVM hook: LocalStack owns the lifecycle,
     * and an unclosed stack must not keep a JVM alive.
     */
    private static Config pekkoConfig() {
        ClassLoader loader = ElasticMq.class.getClassLoader();
        return ConfigFactory.parseString("""
                pekko.daemonic = on
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load(loader));
    }

    synchronized URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    /** Never throws: stopping is best effort, and must always reach the actor system's termination. */
    synchronized void stop() {
        if (server != null) {
            try {
                server.stopAndWait();
            } catch (RuntimeException notBoundOrAlreadyStopped) {
                // Nothing to unbind.
            }
            server = null;
        }
        if (system != null) {
            try {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("local stack: ElasticMQ did not stop cleanly: " + e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            system = null;
        }
    }
}
