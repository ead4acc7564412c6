package chat.functions.messaging;

import chat.functions.store.ConversationsTable;
import chat.functions.store.ConversationsTable.Conversation;
import chat.functions.store.MembersTable;
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
import java.util.Optional;

/** The caller's conversations with unread counts, most recently active first. */
@ApplicationScoped
public class ConversationListHandler {
    private final MembersTable members;
    private final ConversationsTable conversations;

    public ConversationListHandler(MembersTable members, ConversationsTable conversations) {
        this.members = members;
        this.conversations = conversations;
    }

    public ConversationListFrame list(Caller caller, ListConversationsFrame frame) {
        List<Member> mine = members.conversationsOf(caller.userId());
        Map<String, Conversation> byId = conversations.findAll(mine.stream().map(Member::conversationId).toList());
        List<ConversationSummary> rows = new ArrayList<>();
        for (Member m : mine) {
            Conversation c = byId.get(m.conversationId());
            if (c == null) {
                continue;
            }
            String peer = null;
            Long peerDelivered = null;
            Long peerRead = null;
            if (Ids.isDirect(c.conversationId())) {
                String[] pair = Ids.directMembers(c.conversationId());
                peer = pair[0].equals(caller.userId()) ? pair[1] : pair[0];
                Optional<Member> p = members.find(c.conversationId(), peer);
                peerDelivered = p.map(Member::deliveredSeq).orElse(0L);
                peerRead = p.map(Member::readSeq).orElse(0L);
            }
            rows.add(new ConversationSummary(c.conversationId(), c.kind(), peer, c.lastSeq(), c.lastActivityAt(),
                    Math.max(0, c.lastSeq() - m.readSeq()), m.deliveredSeq(), m.readSeq(), peerDelivered, peerRead));
        }
        rows.sort(Comparator.comparingLong(ConversationSummary::lastActivityAt).reversed());
        return new ConversationListFrame(frame.reqId(), rows);
    }
}
