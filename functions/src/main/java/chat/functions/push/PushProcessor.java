package chat.functions.push;

import chat.functions.ChatConfig;
import chat.functions.metrics.ChatMeters;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.functions.store.PushStateTable;
import chat.functions.store.PushTargetsTable;
import chat.functions.store.PushTargetsTable.Target;
import chat.model.Ids;
import chat.model.frames.PushKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Turns push jobs into notifications: per (device, conversation) at most one per collapse window (a conditional write
 * decides, so a burst spread over many jobs and workers still gives one), then the per-device rate limit, then the
 * unread count read at send time, then the sender of the target's kind. A target its service reports gone is removed.
 */
@ApplicationScoped
public class PushProcessor {
    private static final Logger LOG = Logger.getLogger(PushProcessor.class);
    private final PushTargetsTable targets;
    private final PushStateTable state;
    private final MembersTable members;
    private final ConversationsTable conversations;
    private final PushSenders senders;
    private final Clock clock;
    private final long windowMillis;
    private final int perMinute;
    private final long sendTimeoutMillis;
    private final ChatMeters meters;

    public PushProcessor(PushTargetsTable targets, PushStateTable state, MembersTable members,
            ConversationsTable conversations, PushSenders senders, Clock clock, ChatConfig config,
            ChatMeters meters) {
        this.meters = meters;
        this.targets = targets;
        this.state = state;
        this.members = members;
        this.conversations = conversations;
        this.senders = senders;
        this.clock = clock;
        this.windowMillis = config.push().collapseWindow().toMillis();
        this.perMinute = config.push().perDevicePerMinute();
        this.sendTimeoutMillis = config.push().sendTimeout().toMillis() + 1000;
    }

    /** One send under way and the provider it went to. */
    private record Attempt(PushKind provider, CompletableFuture<PushResult> result) {
    }

    /** Outcome counts, for logs and tests. */
    public record Outcome(int sent, int collapsed, int gone) {
    }

    public Outcome process(List<PushItem> items) {
        Map<String, PushItem> latest = new LinkedHashMap<>();
        for (PushItem i : items) {
            latest.merge(i.userId() + "#" + i.deviceId() + "#" + i.conversationId(), i,
                    (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        Map<String, List<Target>> byUser = targets.ofUsers(latest.values().stream().map(PushItem::userId)
                .distinct().toList());
        List<Attempt> sends = new ArrayList<>();
        int collapsed = 0;
        long now = clock.millis();
        for (PushItem item : latest.values()) {
            Optional<Target> target = byUser.getOrDefault(item.userId(), List.of()).stream()
                    .filter(t -> t.deviceId().equals(item.deviceId())).findFirst();
            Optional<PushSender> sender = target.flatMap(t -> senders.of(t.kind()));
            if (sender.isEmpty()) {
                continue;
            }
            if (!state.claimNotification(item.userId(), item.deviceId(), item.conversationId(), now, windowMillis)
                    || !state.takeRateSlot(item.userId(), item.deviceId(), now, perMinute)) {
                collapsed++;
                continue;
            }
            PushNotification n = new PushNotification(item.conversationId(), unread(item));
            Target t = target.get();
            sends.add(new Attempt(t.kind(), sender.get().send(t, n).thenApply(result -> {
                if (result == PushResult.GONE && targets.removeIfUnchanged(t)) {
                    LOG.infof("push target of %s/%s is gone; removed", t.userId(), t.deviceId());
                }
                return result;
            })));
        }
        int sent = 0;
        int gone = 0;
        for (Attempt a : sends) {
            PushResult r;
            try {
                r = a.result().get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                r = PushResult.FAILED;
            }
            meters.pushed(a.provider(), r);
            sent += r == PushResult.SENT ? 1 : 0;
            gone += r == PushResult.GONE ? 1 : 0;
        }
        return new Outcome(sent, collapsed, gone);
    }

    /** Read at send time, so the one notification of a burst counts what is unread by then. */
    private long unread(PushItem item) {
        // A direct chat's cursors are on its conversation item, a group's on the member rows.
        long read = Ids.isDirect(item.conversationId())
                ? conversations.find(item.conversationId()).map(c -> c.cursorsOf(item.userId()).read()).orElse(0L)
                : members.find(item.conversationId(), item.userId()).map(MembersTable.Member::readSeq).orElse(0L);
        return Math.max(1, item.seq() - read);
    }
}
