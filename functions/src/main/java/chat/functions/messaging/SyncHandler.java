package chat.functions.messaging;

import chat.functions.store.ConversationsTable;
import chat.functions.store.ConversationsTable.Conversation;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.store.MessagesTable;
import chat.functions.store.StoredMessage;
import chat.model.Limits;
import chat.model.frames.ChatMessage;
import chat.model.frames.ServerFrame;
import chat.model.frames.SyncEndFrame;
import chat.model.frames.SyncFrame;
import chat.model.frames.SyncPageFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Delta sync: for every conversation of the user whose head is past the device's cursor, the missing messages in
 * pages, then a syncEnd. Stops early (caughtUp=false) at a size bound; the device asks again from its new cursors.
 *
 * <p>Nothing answered SENT is missed: the conversations come from {@link MemberConversations} (strongly consistent),
 * and the send path moves a conversation's {@code lastSeq} past an entry before it answers for it. Memberships are
 * read strongly consistently too, but only of conversations whose head is past the device's cursor, so a sync with
 * nothing new costs the same few requests however many conversations the user has.
 */
@ApplicationScoped
public class SyncHandler {
    private final MemberConversations mine;
    private final MembersTable members;
    private final ConversationsTable conversations;
    private final MessagesTable messages;

    public SyncHandler(MemberConversations mine, MembersTable members, ConversationsTable conversations,
            MessagesTable messages) {
        this.mine = mine;
        this.members = members;
        this.conversations = conversations;
        this.messages = messages;
    }

    public List<ServerFrame> sync(Caller caller, SyncFrame frame) {
        Map<String, Conversation> heads = conversations.findAll(List.copyOf(mine.ids(caller.userId())));
        List<String> behind = heads.values().stream()
                .filter(c -> c.lastSeq() > frame.cursors().getOrDefault(c.conversationId(), 0L))
                .map(Conversation::conversationId).sorted().toList();
        Map<String, Member> memberships = behind.isEmpty() ? Map.of() : members.findAll(caller.userId(), behind);
        List<ServerFrame> out = new ArrayList<>();
        int total = 0;
        long bytes = 0;
        for (String conversationId : behind) {
            Member m = memberships.get(conversationId);
            if (m == null) {
                continue;
            }
            Conversation c = heads.get(conversationId);
            long cursor = Math.max(frame.cursors().getOrDefault(m.conversationId(), 0L), m.joinSeq());
            long last = m.lastVisible(c.lastSeq());
            while (last > cursor && !m.leaving()) {
                if (total >= Limits.MAX_SYNC_MESSAGES) {
                    return end(out, frame, false, total);
                }
                List<StoredMessage> page = messages.after(m.conversationId(), cursor,
                        (int) Math.min(Math.min(frame.pageSize(), last - cursor), Limits.MAX_SYNC_MESSAGES - total));
                if (page.isEmpty()) {
                    break;
                }
                List<ChatMessage> wire = new ArrayList<>(page.size());
                for (StoredMessage s : page) {
                    // The bound is on what the answer carries; a lone message always fits, or it could never sync.
                    if (total + wire.size() > 0 && bytes + s.bodyBytes() > Limits.MAX_SYNC_BODY_BYTES) {
                        break;
                    }
                    wire.add(s.toWire());
                    bytes += s.bodyBytes();
                    cursor = s.seq();
                }
                if (!wire.isEmpty()) {
                    out.add(new SyncPageFrame(frame.reqId(), m.conversationId(), wire));
                    total += wire.size();
                }
                if (wire.size() < page.size()) {
                    return end(out, frame, false, total);
                }
            }
        }
        return end(out, frame, true, total);
    }

    private static List<ServerFrame> end(List<ServerFrame> out, SyncFrame frame, boolean caughtUp, int total) {
        out.add(new SyncEndFrame(frame.reqId(), caughtUp, total));
        return out;
    }
}
