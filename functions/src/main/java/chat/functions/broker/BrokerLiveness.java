package chat.functions.broker;

import chat.functions.ChatConfig;
import chat.functions.store.BrokersTable;
import chat.functions.store.BrokersTable.BrokerNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which broker instances are alive, from their heartbeats, compared on read (the local DynamoDB engine has no TTL).
 * The brokers table is small and read whole, cached for {@code chat.presence.liveness-cache}; an unknown node forces
 * an early reload (it may have just started), at most every 100 ms.
 */
@ApplicationScoped
public class BrokerLiveness {
    private static final long UNKNOWN_RELOAD_MILLIS = 100;
    private final BrokersTable brokers;
    private final Clock clock;
    private final long cacheMillis;
    private final long expiryMillis;
    private volatile Map<String, BrokerNode> nodes = Map.of();
    private volatile long loadedAt;

    public BrokerLiveness(BrokersTable brokers, Clock clock, ChatConfig config) {
        this.brokers = brokers;
        this.clock = clock;
        this.cacheMillis = config.presence().livenessCache().toMillis();
        this.expiryMillis = config.presence().brokerExpiry().toMillis();
    }

    /** A broker instance is alive: it stays so for {@code chat.presence.broker-expiry} unless it beats again. */
    public void heartbeat(String nodeId, String callbackUrl) {
        long now = clock.millis();
        brokers.heartbeat(nodeId, callbackUrl, now, now + expiryMillis);
    }

    /**
     * A call to {@code callbackUrl} was refused: nobody listens there, so the nodes registered at it died without
     * saying goodbye. They count as dead from now on (their devices offline on read, as after their expiry), and
     * the reaper clears their connections and tells presence subscribers on its next sweep, instead of after
     * {@code chat.presence.broker-expiry}. A node that beats again is alive again.
     */
    public void refused(String callbackUrl) {
        long now = clock.millis();
        Map<String, BrokerNode> copy = new HashMap<>(current(now));
        boolean changed = false;
        for (BrokerNode n : copy.values()) {
            if (n.callbackUrl().equals(callbackUrl) && n.liveAt(now)) {
                brokers.expire(n, now);
                copy.put(n.nodeId(), new BrokerNode(n.nodeId(), n.callbackUrl(), n.heartbeatAt(), now, n.reapedAt()));
                changed = true;
            }
        }
        if (changed) {
            nodes = copy; // this instance treats them as dead at once; others when their cached copy expires
        }
    }

    public boolean isLive(String nodeId) {
        long now = clock.millis();
        BrokerNode node = current(now).get(nodeId);
        if (node == null && now - loadedAt > UNKNOWN_RELOAD_MILLIS) {
            node = reload(now).get(nodeId);
        }
        return node != null && node.liveAt(now);
    }

    /**
     * The nodes a group fan-out sends to: every node in the table no reaper has claimed, from the cached copy. A copy
     * is used for at most {@code chat.presence.liveness-cache} after its read began, and a new broker takes no
     * connection until longer than that after its registration ({@code chat.broker.routes-settle}): so a node this
     * misses holds no connection yet.
     */
    public List<BrokerNode> routable() {
        return current(clock.millis()).values().stream().filter(n -> n.reapedAt() == 0).toList();
    }

    /**
     * The addresses of the {@link #routable} nodes, each once: a node restarted on the same address has a new item
     * beside its predecessor's until the reaper forgets that one, and two calls would show every frame twice.
     */
    public Set<String> routableCallbackUrls() {
        Set<String> urls = new LinkedHashSet<>();
        routable().forEach(n -> urls.add(n.callbackUrl()));
        return urls;
    }

    /** Every known node, freshly read: for the reaper. */
    public List<BrokerNode> all() {
        return List.copyOf(reload(clock.millis()).values());
    }

    private Map<String, BrokerNode> current(long now) {
        return now - loadedAt > cacheMillis ? reload(now) : nodes;
    }

    private synchronized Map<String, BrokerNode> reload(long now) {
        if (now - loadedAt <= UNKNOWN_RELOAD_MILLIS / 2 && loadedAt > 0) {
            return nodes; // another thread just reloaded
        }
        Map<String, BrokerNode> fresh = new HashMap<>();
        brokers.all().forEach(n -> fresh.put(n.nodeId(), n));
        nodes = fresh;
        loadedAt = now;
        return fresh;
    }
}
