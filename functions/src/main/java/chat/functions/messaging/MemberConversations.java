package chat.functions.messaging;

import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.store.UserConversationsTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds every conversation of a user, including one joined a moment ago: the strongly consistent per-user table is
 * written before a membership is answered, while the members' byUser index is eventually consistent. The index is
 * still asked too, for memberships stored before the per-user table existed.
 */
@ApplicationScoped
public class MemberConversations {
    private final UserConversationsTable index;
    private final MembersTable members;

    public MemberConversations(UserConversationsTable index, MembersTable members) {
        this.index = index;
        this.members = members;
    }

    /** Records the users as members-to-be; call before writing their member rows. */
    public void record(String conversationId, Collection<String> userIds, long now) {
        index.add(conversationId, userIds, now);
    }

    /** The ids of every conversation the user is or was in, in id order. */
    public Set<String> ids(String userId) {
        Set<String> ids = new TreeSet<>(index.conversationIds(userId));
        members.conversationsOf(userId).forEach(m -> ids.add(m.conversationId()));
        return ids;
    }

    /**
     * The user's memberships: the index's rows, and a strongly consistent read of those the index does not show yet.
     * A row may lag a very recent change of that membership (a cursor, a removal); fine for a listing.
     */
    public List<Member> memberships(String userId) {
        List<Member> out = new ArrayList<>(members.conversationsOf(userId));
        Set<String> missing = new TreeSet<>(index.conversationIds(userId));
        out.forEach(m -> missing.remove(m.conversationId()));
        if (!missing.isEmpty()) {
            out.addAll(members.findAll(userId, missing).values());
        }
        return out;
    }
}
