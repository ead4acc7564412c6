package chat.functions.messaging;

import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.model.ChatException;
import chat.model.ErrorCode;
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
    private final ConversationsTable conversations;

    public MembersHandler(Memberships memberships, MembersTable members, ConversationsTable conversations) {
        this.memberships = memberships;
        this.members = members;
        this.conversations = conversations;
    }

    public MemberListFrame members(Caller caller, MembersFrame frame) {
        memberships.require(frame.conversationId(), caller.userId());
        List<MemberView> views = members.members(frame.conversationId()).stream().filter(Member::active)
                .map(m -> new MemberView(m.userId(), m.role(), m.joinSeq(), m.deliveredSeq(), m.readSeq()))
                .toList();
        return new MemberListFrame(frame.reqId(), frame.conversationId(), views);
    }

    public ReaderListFrame readers(Caller caller, ReadersFrame frame) {
        memberships.require(frame.conversationId(), caller.userId());
        long seq = frame.seq();
        long head = conversations.find(frame.conversationId()).map(ConversationsTable.Conversation::lastSeq)
                .orElse(0L);
        if (seq < 1 || seq > head) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "no message with seq " + seq);
        }
        List<Member> audience = members.members(frame.conversationId()).stream()
                .filter(m -> m.active() && m.sees(seq)).toList();
        return new ReaderListFrame(frame.reqId(), frame.conversationId(), seq,
                audience.stream().filter(m -> m.deliveredSeq() >= seq).map(Member::userId).toList(),
                audience.stream().filter(m -> m.readSeq() >= seq).map(Member::userId).toList());
    }
}
