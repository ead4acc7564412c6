package chat.functions.inbox;

import chat.functions.store.InboxClaimsTable;
import chat.functions.store.InboxTable;
import chat.model.schema.Tables.Inbox;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A removed device loses its inbox: its envelopes, head record and claims are deleted. Called after the device item
 * is gone, so no new envelope is stored for it (the send checks the device first); one whose send had checked the
 * device just before the removal may still land after this and is never served (nobody can read that inbox any
 * more) and expires with the table's TTL.
 */
@ApplicationScoped
public class InboxRemoval {
    private final InboxTable inbox;
    private final InboxClaimsTable claims;

    public InboxRemoval(InboxTable inbox, InboxClaimsTable claims) {
        this.inbox = inbox;
        this.claims = claims;
    }

    public void removeDevice(String userId, String deviceId) {
        String key = Inbox.key(userId, deviceId);
        inbox.deleteInbox(key);
        claims.deleteInbox(key);
    }
}
