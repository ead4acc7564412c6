package chat.broker;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves the broker's private API ({@code /internal/*}, the delivery callback the functions call, and the metrics at
 * {@code /q/metrics}) on a port of its own, {@code chat.broker.internal-port}, which only the functions (and a
 * scraper inside the VPC) can reach (on AWS: a security group rule; the load balancer forwards only the public port).
 * The public port refuses those paths with 404, and the internal port serves nothing else.
 *
 * <p>The second server hands its requests to the same router as the public one, so the endpoints are written once
 * (as JAX-RS resources); a filter ahead of every route decides by the port the request arrived on.
 */
@ApplicationScoped
public class InternalPort {
    private static final Logger LOG = Logger.getLogger(InternalPort.class);
    private static final String INTERNAL_PREFIX = "/internal/";
    /** Prometheus scrapes here: the private port only, since the figures are nobody else's business. */
    private static final String METRICS_PATH = "/q/metrics";
    private final Vertx vertx;
    private final String host;
    private final int configuredPort;
    private volatile HttpServer server;

    public InternalPort(Vertx vertx, BrokerConfig config, @ConfigProperty(name = "quarkus.http.host") String host) {
        this.vertx = vertx;
        this.host = host;
        this.configuredPort = config.broker().internalPort();
    }

    /** Runs while the application's routes are set up, before the public port opens. */
    void serve(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::admit);
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(configuredPort))
                    .requestHandler(router)
                    .listen()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on chat.broker.internal-port " + host + ":"
                    + configuredPort + ": " + e.getMessage(), e);
        }
        LOG.infof("private API (%s*) on %s:%d", INTERNAL_PREFIX, host, server.actualPort());
    }

    /** The port the private API listens on (the configured one, or the one picked for 0). */
    public int port() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("the internal port is not open yet");
        }
        return s.actualPort();
    }

    private void admit(RoutingContext rc) {
        // normalized (dot segments, percent-encoding) and case-blind, so no spelling of the path slips past
        String path = rc.normalizedPath().toLowerCase(Locale.ROOT);
        boolean internalPath = path.startsWith(INTERNAL_PREFIX) || path.equals("/internal")
                || path.equals(METRICS_PATH) || path.startsWith(METRICS_PATH + "/");
        boolean internalPort = server != null && rc.request().localAddress() != null
                && rc.request().localAddress().port() == server.actualPort();
        if (internalPath == internalPort) {
            rc.next();
        } else {
            rc.response().setStatusCode(404).end();
        }
    }

    @PreDestroy
    void close() {
        HttpServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
