package chat.functions.fanout;

import chat.functions.messaging.GroupReceipts;
import chat.functions.push.OfflineNotifications;
import chat.functions.queue.FanoutEvent;
import chat.functions.routing.ConnectionRouter;
import chat.functions.routing.DirectRouter;
import chat.functions.routing.Push;
import chat.functions.routing.UserRouter;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.support.ParallelWrites;
import chat.model.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Handles one received batch of fan-out events: pushes each message to every connected device of every member
 * except the sending device (groups by user through {@link UserRouter}, direct chats through {@link DirectRouter}),
 * then advances the senders' own cursors in groups. The conversation heads moved before the events were queued (the
 * send path makes each entry visible before it answers SENT).
 */
@ApplicationScoped
public class FanoutProcessor {
    private final MembersTable members;
    private final DirectRouter router;
    private final OfflineNotifications offline;
    private final ParallelWrites writes;
    private final GroupReceipts groupReceipts;
    private final UserRouter users;

    public FanoutProcessor(MembersTable members, DirectRouter router, OfflineNotifications offline,
            ParallelWrites writes, GroupReceipts groupReceipts, UserRouter users) {
        this.members = members;
        this.router = router;
        this.offline = offline;
        this.writes = writes;
        this.groupReceipts = groupReceipts;
        this.users = users;
    }

    public ConnectionRouter.Outcome process(List<FanoutEvent> batch) {
        List<FanoutEvent> events = new ArrayList<>(batch);
        events.sort(Comparator.comparing(FanoutEvent::conversationId).thenComparingLong(FanoutEvent::seq));
        List<Push> pushes = new ArrayList<>();
        // Groups by user to every live node (no connection reads); direct chats as DirectRouter decides.
        List<Push> groupPushes = new ArrayList<>();
        // Per conversation, the newest seq each recipient (not the sender) should hear about if offline.
        Map<String, Map<String, Long>> notify = new LinkedHashMap<>();
        Map<String, List<Member>> recipients = new LinkedHashMap<>();
        for (FanoutEvent e : events) {
            for (Member m : recipients.computeIfAbsent(e.conversationId(), this::members)) {
                if (m.sees(e.seq())) {
                    String user = m.userId();
                    (Ids.isDirect(e.conversationId()) ? pushes : groupPushes).add(
                            new Push(user, user.equals(e.senderUserId()) ? e.senderDeviceId() : null, e.frame()));
                    if (!user.equals(e.senderUserId())) {
                        notify.computeIfAbsent(e.conversationId(), k -> new LinkedHashMap<>()).put(user, e.seq());
                    }
                }
            }
        }
        ConnectionRouter.Outcome outcome = both(router.push(pushes), users.push(groupPushes));
        // Off the delivery path; notifications first, since someone waits for those and nobody for own cursors.
        offline.enqueue(notify, outcome.reached());
        advanceSenderCursors(events);
        return outcome;
    }

    private static ConnectionRouter.Outcome both(ConnectionRouter.Outcome a, ConnectionRouter.Outcome b) {
        if (b.frames() == 0) {
            return a;
        }
        Set<String> reached = new HashSet<>(a.reached());
        reached.addAll(b.reached());
        return new ConnectionRouter.Outcome(a.connections() + b.connections(), a.frames() + b.frames(),
                a.forgotten() + b.forgotten(), reached);
    }

    /**
     * Sending a message means the sender has seen the conversation up to it. In a group that may pass the aggregate
     * receipt, which counts who is still at it; a direct chat's sender cursors moved with its head before the event
     * was queued.
     */
    private void advanceSenderCursors(List<FanoutEvent> events) {
        Map<String, FanoutEvent> last = new LinkedHashMap<>();
        events.stream().filter(e -> !Ids.isDirect(e.conversationId()))
                .forEach(e -> last.put(e.conversationId() + "|" + e.senderUserId(), e));
        writes.runAll(last.values().stream().<Runnable>map(e -> () -> members
                .advanceToOwn(e.conversationId(), e.senderUserId(), e.seq())
                .ifPresent(before -> groupReceipts.passed(e.conversationId(), before,
                        new Member(before.conversationId(), before.userId(), before.role(), before.joinSeq(),
                                Math.max(before.deliveredSeq(), e.seq()), e.seq(), before.leftSeq(),
                                before.leaving())))).toList());
    }

    /** Who may get entries of the conversation; a direct chat's two members are in its id and never change. */
    private List<Member> members(String conversationId) {
        if (Ids.isDirect(conversationId)) {
            return List.of(Ids.directMembers(conversationId)).stream()
                    .map(u -> new Member(conversationId, u, "member", 0, 0, 0, null, false)).toList();
        }
        return members.members(conversationId);
    }
}
