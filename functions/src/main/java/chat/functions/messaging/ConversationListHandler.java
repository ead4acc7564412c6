package chat.functions.messaging;

import chat.functions.store.ConversationsTable;
import chat.functions.store.ConversationsTable.Conversation;
import chat.functions.store.ConversationsTable.Cursors;
import chat.functions.store.MembersTable.Member;
import chat.model.Ids;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.ConversationSummary;
import chat.model.frames.ListConversationsFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The caller's conversations with unread counts, most recently active first. */
@ApplicationScoped
public class ConversationListHandler {
    private final MemberConversations mine;
    private final ConversationsTable conversations;

    public ConversationListHandler(MemberConversations mine, ConversationsTable conversations) {
        this.mine = mine;
        this.conversations = conversations;
    }

    public ConversationListFrame list(Caller caller, ListConversationsFrame frame) {
        List<Member> memberships = mine.memberships(caller.userId());
        Map<String, Conversation> byId = conversations.findAll(memberships.stream().map(Member::conversationId).toList());
        List<ConversationSummary> rows = new ArrayList<>();
        for (Member m : memberships) {
            Conversation c = byId.get(m.conversationId());
            if (c == null) {
                continue;
            }
            if (c.group()) {
                long visible = m.lastVisible(c.lastSeq());
                long unread = Math.max(0, visible - m.readSeq());
                rows.add(new ConversationSummary(c.conversationId(), c.kind(), null, visible, c.lastActivityAt(),
                        unread, m.deliveredSeq(), m.readSeq(), null, null, c.name(), (int) c.memberCount(),
                        c.deliveredAll(), c.readAll(), m.active() ? null : Boolean.TRUE));
                continue;
            }
            // A direct chat's cursors, both members', are on its conversation item.
            String[] pair = Ids.directMembers(c.conversationId());
            String peer = pair[0].equals(caller.userId()) ? pair[1] : pair[0];
            Cursors own = c.cursorsOf(caller.userId());
            Cursors theirs = c.cursorsOf(peer);
            rows.add(new ConversationSummary(c.conversationId(), c.kind(), peer, c.lastSeq(), c.lastActivityAt(),
                    Math.max(0, c.lastSeq() - own.read()), own.delivered(), own.read(), theirs.delivered(),
                    theirs.read(), null, null, null, null, null));
        }
        rows.sort(Comparator.comparingLong(ConversationSummary::lastActivityAt).reversed());
        return new ConversationListFrame(frame.reqId(), rows);
    }
}
