package chat.functions.messaging;

import chat.functions.store.MembersTable.Member;
import chat.functions.store.MessagesTable;
import chat.functions.store.StoredMessage;
import chat.model.Limits;
import chat.model.frames.HistoryFrame;
import chat.model.frames.HistoryPageFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Pages backwards through a conversation, never past the member's join. */
@ApplicationScoped
public class HistoryHandler {
    private final Memberships memberships;
    private final MessagesTable messages;

    public HistoryHandler(Memberships memberships, MessagesTable messages) {
        this.memberships = memberships;
        this.messages = messages;
    }

    public HistoryPageFrame history(Caller caller, HistoryFrame frame) {
        Member member = memberships.requireReader(frame.conversationId(), caller.userId());
        long before = frame.beforeSeq() != null ? frame.beforeSeq() : Long.MAX_VALUE;
        // A member who left sees up to and including their leaving, never past it.
        before = Math.min(before, member.lastVisible(Long.MAX_VALUE - 1) + 1);
        List<StoredMessage> page = newestWithinBound(messages.before(frame.conversationId(), before,
                member.joinSeq(), frame.pageSize()));
        boolean hasMore = !page.isEmpty() && page.get(0).seq() > member.joinSeq() + 1;
        return new HistoryPageFrame(frame.reqId(), frame.conversationId(),
                page.stream().map(StoredMessage::toWire).toList(), hasMore);
    }

    /** The newest messages of an ascending page whose bodies fit the answer bound; the newest always fits. */
    private static List<StoredMessage> newestWithinBound(List<StoredMessage> page) {
        long bytes = 0;
        int from = page.size();
        while (from > 0 && (from == page.size()
                || bytes + page.get(from - 1).bodyBytes() <= Limits.MAX_SYNC_BODY_BYTES)) {
            bytes += page.get(--from).bodyBytes();
        }
        return page.subList(from, page.size());
    }
}
