package chat.functions.messaging;

import chat.functions.accounts.AccountService;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.support.ParallelWrites;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "may this user use this conversation?", creating a direct conversation on its first message. Every
 * refusal is the same {@link ErrorCode#CONVERSATION_NOT_FOUND}, so a stranger cannot learn whether it exists.
 */
@ApplicationScoped
public class Memberships {
    /** Membership of a direct conversation never changes, so a positive answer can be remembered. */
    private static final int DIRECT_CACHE_MAX = 100_000;
    private final Map<String, Boolean> directMembers = new ConcurrentHashMap<>();
    private final MembersTable members;
    private final ConversationsTable conversations;
    private final MemberConversations mine;
    private final AccountService accounts;
    private final ParallelWrites writes;
    private final Clock clock;

    public Memberships(MembersTable members, ConversationsTable conversations, MemberConversations mine,
            AccountService accounts, ParallelWrites writes, Clock clock) {
        this.members = members;
        this.conversations = conversations;
        this.mine = mine;
        this.accounts = accounts;
        this.writes = writes;
        this.clock = clock;
    }

    /** The caller's active membership, or CONVERSATION_NOT_FOUND. */
    public Member require(String conversationId, String userId) {
        return members.find(conversationId, userId).filter(Member::active).orElseThrow(Memberships::notFound);
    }

    /** For reading history: a member who left may still read up to their leaving. */
    public Member requireReader(String conversationId, String userId) {
        return members.find(conversationId, userId).orElseThrow(Memberships::notFound);
    }

    /** For sending: checks membership cheaply, creating the direct conversation if this is its first message. */
    public void requireForSend(String conversationId, String userId) {
        String cacheKey = conversationId + "|" + userId;
        if (directMembers.containsKey(cacheKey)) {
            return;
        }
        Optional<Member> member = members.find(conversationId, userId);
        if (member.isPresent() && !member.get().active()) {
            throw notFound();
        }
        if (member.isEmpty()) {
            if (!Ids.isDirect(conversationId)) {
                throw notFound();
            }
            String[] pair = Ids.directMembers(conversationId);
            String peer = pair[0].equals(userId) ? pair[1] : pair[1].equals(userId) ? pair[0] : null;
            if (peer == null) {
                throw notFound();
            }
            try {
                accounts.resolvePeer(peer);
            } catch (ChatException noSuchPeer) {
                throw notFound();
            }
            createDirect(conversationId, userId, peer);
        }
        if (Ids.isDirect(conversationId)) {
            if (directMembers.size() > DIRECT_CACHE_MAX) {
                directMembers.clear();
            }
            directMembers.put(cacheKey, Boolean.TRUE);
        }
    }

    /** The direct conversation between the caller and a peer (user id or @handle). */
    public String directWith(String userId, String peer) {
        String peerId = accounts.resolvePeer(peer);
        if (peerId.equals(userId)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "cannot start a conversation with yourself");
        }
        return Ids.directConversationId(userId, peerId);
    }

    /**
     * Two round trips instead of four: the conversation item and both users' conversation lists side by side, then
     * both member rows side by side. Member rows come last, since a sender's member row is what makes a later send
     * skip this; all of it is done before the first message is stored.
     */
    private void createDirect(String conversationId, String userA, String userB) {
        long now = clock.millis();
        writes.runAll(List.of(
                () -> conversations.createIfAbsent(conversationId, "direct", now),
                () -> mine.record(conversationId, List.of(userA, userB), now)));
        writes.runAll(List.of(
                () -> members.addIfAbsent(conversationId, userA, "member", 0, now),
                () -> members.addIfAbsent(conversationId, userB, "member", 0, now)));
    }

    static ChatException notFound() {
        return new ChatException(ErrorCode.CONVERSATION_NOT_FOUND, "conversation not found");
    }
}
