package chat.functions.presence;

import chat.functions.ChatConfig;
import chat.functions.broker.BrokerLiveness;
import chat.functions.store.BrokersTable;
import chat.functions.store.BrokersTable.BrokerNode;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.NodeConnectionsTable;
import chat.functions.store.NodeConnectionsTable.Held;
import chat.functions.store.UsersTable;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Cleans up after brokers that died without saying goodbye (kill -9, lost host): their connections already count as
 * offline on read (expired heartbeat); this removes the entries, records last seen (the node's last heartbeat, the
 * best known time the devices were there) and tells presence subscribers. Safe on many instances: one conditional
 * write on the broker item decides which reaper does a node; a reaper that dies mid-way is taken over after a minute.
 */
@ApplicationScoped
public class BrokerReaper {
    private static final Logger LOG = Logger.getLogger(BrokerReaper.class);
    private static final long STALE_CLAIM_MILLIS = 60_000;
    private final BrokerLiveness liveness;
    private final BrokersTable brokers;
    private final NodeConnectionsTable nodeConnections;
    private final ConnectionsTable connections;
    private final UsersTable users;
    private final PresenceReader presence;
    private final PresenceNotifier notifier;
    private final Clock clock;
    private final boolean enabled;

    public BrokerReaper(BrokerLiveness liveness, BrokersTable brokers, NodeConnectionsTable nodeConnections,
            ConnectionsTable connections, UsersTable users, PresenceReader presence, PresenceNotifier notifier,
            Clock clock, ChatConfig config) {
        this.liveness = liveness;
        this.brokers = brokers;
        this.nodeConnections = nodeConnections;
        this.connections = connections;
        this.users = users;
        this.presence = presence;
        this.notifier = notifier;
        this.clock = clock;
        this.enabled = config.presence().reaperEnabled();
    }

    @Scheduled(every = "${chat.presence.reaper-interval:PT5S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!enabled) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("reaper sweep failed (next sweep retries): %s", e.toString());
        }
    }

    /**
     * One pass: claims and clears every expired broker node no other reaper is clearing. Runs on this instance's
     * timer, or once per invocation of the {@code reaper} Lambda function. Answers how many nodes it cleared.
     */
    public int sweep() {
        long now = clock.millis();
        int reaped = 0;
        for (BrokerNode node : liveness.all()) {
            if (!node.liveAt(now) && (node.reapedAt() == 0 || node.reapedAt() < now - STALE_CLAIM_MILLIS)
                    && brokers.claimReap(node, now, now - STALE_CLAIM_MILLIS)) {
                reap(node, now);
                reaped++;
            }
        }
        return reaped;
    }

    private void reap(BrokerNode node, long claimedAt) {
        List<Held> held = nodeConnections.heldBy(node.nodeId());
        Set<String> touched = new LinkedHashSet<>();
        for (Held h : held) {
            connections.removeIfCurrent(h.userId(), h.deviceId(), h.connectionId());
            nodeConnections.delete(node.nodeId(), h);
            touched.add(h.userId());
        }
        Map<String, List<Connection>> now = connections.ofUsers(touched);
        for (String userId : touched) {
            if (!presence.anyLive(now.getOrDefault(userId, List.of()))) {
                users.recordLastSeen(userId, node.heartbeatAt());
                notifier.changed(userId, false, node.heartbeatAt());
            }
        }
        brokers.deleteReaped(node.nodeId(), claimedAt);
        LOG.infof("reaped dead broker %s (last heartbeat %d ms ago): %d connections, %d users", node.nodeId(),
                claimedAt - node.heartbeatAt(), held.size(), touched.size());
    }
}
