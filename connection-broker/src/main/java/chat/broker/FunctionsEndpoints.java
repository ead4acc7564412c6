package chat.broker;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The functions instances a broker may call, as a client-side load balancer would see them: calls go round-robin
 * over the instances not marked down; an instance whose call failed is skipped for {@code downFor}, then tried again.
 * When every instance is down the least recently failed one is tried, so the broker never stops trying.
 *
 * <p>Behind a real load balancer (AWS) this holds one URL and only the retry-on-refusal of {@link FunctionsClient} matters.
 */
public final class FunctionsEndpoints {
    /** One functions base URL, split into what a request needs. */
    public record Endpoint(String host, int port, boolean ssl, String basePath) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            basePath = basePath == null ? "" : basePath.endsWith("/")
                    ? basePath.substring(0, basePath.length() - 1) : basePath;
        }

        /** {@code http(s)://host[:port][/path]}; a base path (API Gateway stage) is kept and prefixed to calls. */
        public static Endpoint parse(String url) {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("functions URL must be http or https: " + url);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("functions URL has no host: " + url);
            }
            boolean ssl = "https".equals(scheme);
            int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
            return new Endpoint(uri.getHost(), port, ssl, uri.getRawPath());
        }

        public String uri(String path) {
            return basePath + path;
        }

        @Override
        public String toString() {
            return (ssl ? "https://" : "http://") + host + ":" + port + basePath;
        }
    }

    private final List<Endpoint> endpoints;
    private final long downForNanos;
    private final LongSupplier nanoClock;
    private final AtomicInteger next = new AtomicInteger();
    /** Per endpoint, when it last failed (nanoClock), or Long.MIN_VALUE if it never did. */
    private final AtomicLongArray failedAt;

    public FunctionsEndpoints(List<String> urls, java.time.Duration downFor, LongSupplier nanoClock) {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("at least one functions URL is required");
        }
        List<Endpoint> parsed = new ArrayList<>();
        for (String url : urls) {
            if (!url.isBlank()) {
                parsed.add(Endpoint.parse(url));
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("at least one functions URL is required");
        }
        this.endpoints = List.copyOf(parsed);
        this.downForNanos = downFor.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock);
        this.failedAt = new AtomicLongArray(endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            failedAt.set(i, Long.MIN_VALUE);
        }
    }

    public int size() {
        return endpoints.size();
    }

    public List<Endpoint> all() {
        return endpoints;
    }

    /** The endpoint for the next call: the next healthy one in turn, or the one that failed longest ago. */
    public Endpoint pick() {
        long now = nanoClock.getAsLong();
        int n = endpoints.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        int oldest = start;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            long failed = failedAt.get(i);
            if (failed == Long.MIN_VALUE || now - failed >= downForNanos) {
                return endpoints.get(i);
            }
            if (failed < failedAt.get(oldest)) {
                oldest = i;
            }
        }
        return endpoints.get(oldest);
    }

    /** A healthy endpoint other than {@code failed}, for retrying a call that never reached it; null if none. */
    public Endpoint alternativeTo(Endpoint failed) {
        long now = nanoClock.getAsLong();
        for (int k = 0; k < endpoints.size(); k++) {
            Endpoint e = endpoints.get(k);
            long at = failedAt.get(k);
            if (!e.equals(failed) && (at == Long.MIN_VALUE || now - at >= downForNanos)) {
                return e;
            }
        }
        return null;
    }

    /** The call to {@code endpoint} failed in a way that says the instance is unreachable or broken. */
    public void markDown(Endpoint endpoint) {
        int i = endpoints.indexOf(endpoint);
        if (i >= 0) {
            failedAt.set(i, nanoClock.getAsLong());
        }
    }

    /** A call to {@code endpoint} succeeded. */
    public void markUp(Endpoint endpoint) {
        int i = endpoints.indexOf(endpoint);
        if (i >= 0 && failedAt.get(i) != Long.MIN_VALUE) {
            failedAt.set(i, Long.MIN_VALUE);
        }
    }
}
