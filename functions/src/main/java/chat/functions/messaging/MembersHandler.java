package chat.functions.messaging;

import chat.functions.store.ConversationsTable;
import chat.functions.store.ConversationsTable.Conversation;
import chat.functions.store.ConversationsTable.Cursors;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.store.MessagesTable;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MemberView;
import chat.model.frames.MembersFrame;
import chat.model.frames.ReaderListFrame;
import chat.model.frames.ReadersFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Member listing and "who has read this message": for current members only. */
@ApplicationScoped
public class MembersHandler {
    private final Memberships memberships;
    private final MembersTable members;
    private final MessagesTable messages;
    private final ConversationsTable conversations;

    public MembersHandler(Memberships memberships, MembersTable members, MessagesTable messages,
            ConversationsTable conversations) {
        this.memberships = memberships;
        this.members = members;
        this.messages = messages;
        this.conversations = conversations;
    }

    public MemberListFrame members(Caller caller, MembersFrame frame) {
        memberships.require(frame.conversationId(), caller.userId());
        List<MemberView> views = withCursors(frame.conversationId(), members.members(frame.conversationId())).stream()
                .filter(Member::active)
                .map(m -> new MemberView(m.userId(), m.role(), m.joinSeq(), m.deliveredSeq(), m.readSeq()))
                .toList();
        return new MemberListFrame(frame.reqId(), frame.conversationId(), views);
    }

    public ReaderListFrame readers(Caller caller, ReadersFrame frame) {
        Member reader = memberships.require(frame.conversationId(), caller.userId());
        long seq = frame.seq();
        // An entry from before the caller joined is hidden from them as in history: to them it does not exist.
        String author = !reader.sees(seq) ? null : messages.author(frame.conversationId(), seq).orElse(null);
        if (author == null) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "no message with seq " + seq);
        }
        List<Member> audience = withCursors(frame.conversationId(), members.members(frame.conversationId())).stream()
                .filter(m -> m.active() && m.sees(seq)).toList();
        return new ReaderListFrame(frame.reqId(), frame.conversationId(), seq,
                audience.stream().filter(m -> m.userId().equals(author) || m.deliveredSeq() >= seq)
                        .map(Member::userId).toList(),
                audience.stream().filter(m -> m.userId().equals(author) || m.readSeq() >= seq)
                        .map(Member::userId).toList());
    }

    /** A direct chat's member rows do not hold its cursors: those are on the conversation item. */
    private List<Member> withCursors(String conversationId, List<Member> rows) {
        if (!Ids.isDirect(conversationId)) {
            return rows;
        }
        Conversation c = conversations.find(conversationId).orElseThrow(Memberships::notFound);
        return rows.stream().map(m -> {
            Cursors cursors = c.cursorsOf(m.userId());
            return new Member(m.conversationId(), m.userId(), m.role(), m.joinSeq(), cursors.delivered(),
                    cursors.read(), m.leftSeq(), m.leaving());
        }).toList();
    }
}
