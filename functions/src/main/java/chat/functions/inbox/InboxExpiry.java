package chat.functions.inbox;

import chat.functions.ChatConfig;
import chat.functions.store.InboxTable;
import chat.functions.store.StoredEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The inbox's age bound. DynamoDB TTL deletes old envelopes on AWS only eventually (and dynalite not at all), so the
 * code compares {@code storedAt} itself: an expired envelope is never served, and is deleted when a read or a full
 * inbox finds it.
 */
@ApplicationScoped
public class InboxExpiry {
    /** How many of the oldest envelopes one purge looks at; a full inbox is at most a few such pages. */
    private static final int PURGE_PAGE = 500;
    private final InboxTable inbox;
    private final Duration maxAge;

    public InboxExpiry(InboxTable inbox, ChatConfig config) {
        this.inbox = inbox;
        this.maxAge = config.inbox().maxAge();
    }

    public boolean expired(StoredEnvelope e, long now) {
        return e.storedAt() < now - maxAge.toMillis();
    }

    /**
     * Deletes the expired envelopes at the bottom of the inbox (envelopes are stored in time order, so the expired
     * ones come first) and counts them as acknowledged. {@code head} is the inbox's head as the caller knows it (a
     * writer's own puts are above the stored head record until it moves it). Returns the head after.
     */
    public InboxTable.Head purge(String inboxKey, long now, InboxTable.Head head) {
        long expiredUpTo = head.acked();
        boolean more = true;
        while (more) {
            var oldest = inbox.range(inboxKey, expiredUpTo, head.head(), PURGE_PAGE);
            more = oldest.size() == PURGE_PAGE;
            for (StoredEnvelope e : oldest) {
                if (!expired(e, now)) {
                    more = false;
                    break;
                }
                expiredUpTo = e.seq();
            }
            if (oldest.isEmpty()) {
                // Nothing left below the head: everything there was acknowledged or purged.
                expiredUpTo = head.head();
            }
        }
        if (expiredUpTo <= head.acked()) {
            return head;
        }
        inbox.deleteRange(inboxKey, head.acked() + 1, expiredUpTo);
        inbox.advanceAcked(inboxKey, expiredUpTo);
        return new InboxTable.Head(head.head(), expiredUpTo);
    }
}
