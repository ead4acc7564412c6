package chat.functions.fanout;

import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.model.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Handles one received batch of fan-out events: pushes each message to every connected device of every member except
 * the sending device, then advances the senders' own cursors in groups. The conversation heads moved before the events were
 * queued (the send path makes each entry visible before it answers SENT), so a device that connects meanwhile either
 * finds the entry when it syncs or is already registered when the push looks up connections.
 */
@ApplicationScoped
public class FanoutProcessor {
    private final MembersTable members;
    private final ConnectionRouter router;
    private final OfflineNotifications offline;
    private final ParallelWrites writes;

    public FanoutProcessor(MembersTable members, ConnectionRouter router,
            OfflineNotifications offline, ParallelWrites writes) {
        this.members = members;
        this.router = router;
        this.offline = offline;
        this.writes = writes;
    }

    public ConnectionRouter.Outcome process(List<FanoutEvent> batch) {
        List<FanoutEvent> events = new ArrayList<>(batch);
        events.sort(Comparator.comparing(FanoutEvent::conversationId).thenComparingLong(FanoutEvent::seq));
        List<Push> pushes = new ArrayList<>();
        // Per conversation, the newest seq each recipient (not the sender) should hear about if offline.
        Map<String, Map<String, Long>> notify = new LinkedHashMap<>();
        Map<String, List<Member>> recipients = new LinkedHashMap<>();
        for (FanoutEvent e : events) {
            for (Member m : recipients.computeIfAbsent(e.conversationId(), this::members)) {
                if (m.sees(e.seq())) {
                    String user = m.userId();
                    pushes.add(new Push(user, user.equals(e.senderUserId()) ? e.senderDeviceId() : null, e.frame()));
                    if (!user.equals(e.senderUserId())) {
                        notify.computeIfAbsent(e.conversationId(), k -> new LinkedHashMap<>()).put(user, e.seq());
                    }
                }
            }
        }
        ConnectionRouter.Outcome outcome = router.push(pushes);
        // Off the delivery path; notifications first, since someone waits for those and nobody for own cursors.
        offline.enqueue(notify, outcome.reached());
        advanceSenderCursors(events);
        return outcome;
    }

    /**
     * Sending a message means the sender has seen the conversation up to it. A direct chat's sender cursors moved
     * with its head before the event was queued.
     */
    private void advanceSenderCursors(List<FanoutEvent> events) {
        Map<String, FanoutEvent> last = new LinkedHashMap<>();
        events.stream().filter(e -> !Ids.isDirect(e.conversationId()))
                .forEach(e -> last.put(e.conversationId() + "|" + e.senderUserId(), e));
        writes.runAll(last.values().stream().<Runnable>map(e ->
                () -> members.advanceToOwn(e.conversationId(), e.senderUserId(), e.seq())).toList());
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
