package chat.functions.presence;

import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.model.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;

/** A user's contacts: everyone who shares an active conversation with them. */
@ApplicationScoped
public class Contacts {
    private final MembersTable members;

    public Contacts(MembersTable members) {
        this.members = members;
    }

    public Set<String> of(String userId) {
        Set<String> out = new HashSet<>();
        for (Member m : members.conversationsOf(userId)) {
            if (!m.active()) {
                continue;
            }
            if (Ids.isDirect(m.conversationId())) {
                for (String u : Ids.directMembers(m.conversationId())) {
                    out.add(u);
                }
            } else {
                members.members(m.conversationId()).stream().filter(Member::active)
                        .forEach(other -> out.add(other.userId()));
            }
        }
        out.remove(userId);
        return out;
    }
}
