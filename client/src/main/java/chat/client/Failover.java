package chat.client;

import chat.model.CloseCodes;
import chat.model.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a device connects next and whether it keeps trying: it rotates along its brokers after a failure or an
 * unexpected close (any broker serves any device), backs off with full jitter, and gives up on refusals that a retry
 * cannot cure. Confined to the device's event thread.
 */
final class Failover {
    private static final int MAX_UPGRADE_REFUSALS = 3;
    /** A first connection refused with 503 (server busy) is retried this often before start() fails. */
    private static final int MAX_INITIAL_RETRIES = 3;

    private final List<URI> endpoints;
    private final Backoff backoff;
    /** Index into endpoints of the broker to connect to next. */
    private int endpoint;
    /** Endpoints that failed in a row without any connection in between (every one failing makes start() fail). */
    private int failedInARow;
    private int refusals;
    private int initialRetries;
    private int reconnectAttempt;
    private boolean everConnected;

    Failover(List<URI> endpoints, Backoff backoff) {
        this.endpoints = List.copyOf(endpoints);
        this.backoff = backoff;
    }

    URI current() {
        return endpoints.get(endpoint);
    }

    void connected() {
        everConnected = true;
        refusals = 0;
        failedInARow = 0;
    }

    /** Caught up: the next reconnect starts the backoff over. */
    void online() {
        reconnectAttempt = 0;
    }

    /**
     * A connection attempt failed. Returns why to give up (the device fails), or empty to try again after
     * {@link #nextDelay()}. {@code tokenRefreshable}: a 401 may be cured by a fresh token.
     */
    Optional<String> connectFailed(Throwable error, boolean tokenRefreshable) {
        String detail = error.getMessage();
        boolean unreachable = error instanceof ChatConnectException e && e.httpStatus() == 0;
        if (unreachable || error instanceof ChatConnectException refused && refused.httpStatus() == 503) {
            next(); // another broker may be up
        }
        if (!everConnected && unreachable && ++failedInARow < endpoints.size()) {
            return Optional.empty(); // the first connection tries every broker before giving up
        }
        if (!everConnected) {
            boolean busy = error instanceof ChatConnectException e && e.httpStatus() == 503;
            if (!busy || ++initialRetries > MAX_INITIAL_RETRIES) {
                return Optional.of("cannot connect: " + detail);
            }
        }
        if (error instanceof ChatApiException e && e.code() == ErrorCode.UNAUTHENTICATED) {
            return Optional.of("credential refused: " + detail);
        }
        if (error instanceof ChatConnectException e && e.httpStatus() == 401) {
            if (!tokenRefreshable || ++refusals >= MAX_UPGRADE_REFUSALS) {
                return Optional.of("upgrade refused: " + detail);
            }
        }
        return Optional.empty();
    }

    /** The connection closed unexpectedly (and the device reconnects). */
    void closed(CloseInfo info) {
        if (info == null || info.code() != CloseCodes.HEARTBEAT_TIMEOUT) {
            next(); // the broker went away or is going: any other serves this device as well
        }
    }

    /** How long to wait before the next attempt (grows with each one until {@link #online()}). */
    Duration nextDelay() {
        return backoff.delay(Math.min(reconnectAttempt++, 30));
    }

    private void next() {
        endpoint = (endpoint + 1) % endpoints.size();
    }
}
