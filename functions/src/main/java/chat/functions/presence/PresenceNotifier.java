package chat.functions.presence;

import chat.functions.ChatConfig;
import chat.functions.fanout.BrokerCallbacks;
import chat.functions.store.PresenceSubsTable;
import chat.functions.store.PresenceSubsTable.Subscription;
import chat.functions.store.UsersTable;
import chat.functions.store.UsersTable.PresenceInfo;
import chat.model.frames.FrameCodec;
import chat.model.frames.LastSeenPrivacy;
import chat.model.frames.PresenceFrame;
import chat.model.internal.DeliveryBatch;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Pushes a user's online/offline change to the connections subscribed to them, off the caller's thread (a connect
 * or close does not wait for it), or with {@code chat.presence.notify-inline} on it, waiting for the broker calls
 * (AWS Lambda freezes whatever an invocation leaves running). Subscriptions whose connection is gone, or whose
 * broker is dead, are deleted here: that is how subscriptions end with their connection.
 */
@ApplicationScoped
public class PresenceNotifier {
    private static final Logger LOG = Logger.getLogger(PresenceNotifier.class);
    private final PresenceSubsTable subs;
    private final UsersTable users;
    private final BrokerLiveness liveness;
    private final BrokerCallbacks brokers;
    private final boolean inline;
    private final long inlineWaitMillis;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "presence-notifier");
        t.setDaemon(true);
        return t;
    });

    public PresenceNotifier(PresenceSubsTable subs, UsersTable users, BrokerLiveness liveness,
            BrokerCallbacks brokers, ChatConfig config) {
        this.subs = subs;
        this.users = users;
        this.liveness = liveness;
        this.brokers = brokers;
        this.inline = config.presence().notifyInline();
        this.inlineWaitMillis = config.fanout().callbackTimeout().toMillis() + 1000;
    }

    /** {@code lastSeen} is the disconnect time when going offline, ignored when coming online. */
    public void changed(String userId, boolean online, long lastSeen) {
        if (!inline) {
            executor.execute(() -> notifyQuietly(userId, online, lastSeen));
            return;
        }
        try {
            notifyQuietly(userId, online, lastSeen).get(inlineWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("presence change of %s: broker calls unfinished: %s", userId, e);
        }
    }

    private CompletableFuture<Void> notifyQuietly(String userId, boolean online, long lastSeen) {
        try {
            return notifySubscribers(userId, online, lastSeen);
        } catch (RuntimeException e) {
            LOG.warnf("presence change of %s not pushed: %s", userId, e.toString());
            return CompletableFuture.completedFuture(null);
        }
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

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
