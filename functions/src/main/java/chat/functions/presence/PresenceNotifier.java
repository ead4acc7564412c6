package chat.functions.presence;

import chat.functions.broker.BrokerCallbacks;
import chat.functions.broker.BrokerLiveness;
import chat.functions.store.PresenceSubsTable;
import chat.functions.store.PresenceSubsTable.Subscription;
import chat.functions.store.UsersTable;
import chat.functions.store.UsersTable.PresenceInfo;
import chat.functions.support.AfterCall;
import chat.model.frames.FrameCodec;
import chat.model.frames.LastSeenPrivacy;
import chat.model.frames.PresenceFrame;
import chat.model.internal.DeliveryBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Pushes a user's online/offline change to the connections subscribed to them, as work after the call
 * ({@link AfterCall}: a connect or close does not wait for it, except on AWS Lambda). Subscriptions whose connection
 * is gone, or whose broker is dead, are deleted here: that is how subscriptions end with their connection.
 */
@ApplicationScoped
public class PresenceNotifier {
    private static final Logger LOG = Logger.getLogger(PresenceNotifier.class);
    private final PresenceSubsTable subs;
    private final UsersTable users;
    private final BrokerLiveness liveness;
    private final BrokerCallbacks brokers;
    private final AfterCall afterCall;

    public PresenceNotifier(PresenceSubsTable subs, UsersTable users, BrokerLiveness liveness,
            BrokerCallbacks brokers, AfterCall afterCall) {
        this.subs = subs;
        this.users = users;
        this.liveness = liveness;
        this.brokers = brokers;
        this.afterCall = afterCall;
    }

    /** {@code lastSeen} is the disconnect time when going offline, ignored when coming online. */
    public void changed(String userId, boolean online, long lastSeen) {
        afterCall.run("presence change of " + userId, () -> notifySubscribers(userId, online, lastSeen));
    }

    /** Completes when every subscriber's broker answered (or failed) and gone subscriptions were removed. */
    private CompletableFuture<Void> notifySubscribers(String userId, boolean online, long lastSeen) {
        PresenceInfo info = users.presenceInfo(List.of(userId)).get(userId);
        // Subscribers are contacts (checked when they subscribed), so only "nobody" hides the change from them.
        if (info == null || info.privacy() == LastSeenPrivacy.NOBODY) {
            return CompletableFuture.completedFuture(null);
        }
        List<Subscription> watchers = subs.subscribersOf(userId);
        if (watchers.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String frame = FrameCodec.encode(new PresenceFrame(userId, online, online ? null : lastSeen));
        Map<String, List<Subscription>> byNode = new LinkedHashMap<>();
        for (Subscription s : watchers) {
            if (liveness.isLive(s.nodeId())) {
                byNode.computeIfAbsent(s.callbackUrl(), k -> new ArrayList<>()).add(s);
            } else {
                subs.remove(s);
            }
        }
        List<CompletableFuture<?>> calls = new ArrayList<>();
        byNode.forEach((url, list) -> {
            DeliveryBatch.Builder batch = DeliveryBatch.builder();
            list.forEach(s -> batch.push(s.connectionId(), frame));
            calls.add(brokers.deliver(url, batch.build()).handle((result, error) -> {
                Set<String> gone = new HashSet<>(error == null ? result.unknownConnections()
                        : list.stream().map(Subscription::connectionId).toList());
                list.stream().filter(s -> gone.contains(s.connectionId())).forEach(this::removeQuietly);
                return null;
            }));
        });
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    private void removeQuietly(Subscription s) {
        try {
            subs.remove(s);
        } catch (RuntimeException e) {
            LOG.debugf("could not remove subscription %s: %s", s, e);
        }
    }
}
