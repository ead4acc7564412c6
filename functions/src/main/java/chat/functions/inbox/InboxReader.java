package chat.functions.inbox;

import chat.functions.store.InboxTable;
import chat.functions.store.StoredEnvelope;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.frames.Envelope;
import chat.model.frames.InboxAckFrame;
import chat.model.frames.InboxAckedFrame;
import chat.model.frames.InboxPageFrame;
import chat.model.frames.InboxSyncFrame;
import chat.model.schema.Tables.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The calling device's own inbox: pages of it ({@code inboxSync}) and its cumulative ack ({@code inboxAck}). There is
 * no way to name another device's inbox: the key is always the caller's own.
 */
@ApplicationScoped
public class InboxReader {
    private final InboxTable inbox;
    private final InboxExpiry expiry;
    private final Clock clock;

    public InboxReader(InboxTable inbox, InboxExpiry expiry, Clock clock) {
        this.inbox = inbox;
        this.expiry = expiry;
        this.clock = clock;
    }

    /**
     * Envelopes above {@code after} up to the head, ascending; at most {@code limit} and 4 MiB of bodies (a lone
     * envelope always fits). Expired ones are purged first, so they are neither served nor left to fill a page.
     */
    public InboxPageFrame sync(String userId, String deviceId, InboxSyncFrame frame) {
        String key = Inbox.key(userId, deviceId);
        long now = clock.millis();
        InboxTable.Head head = inbox.head(key);
        // Below the ack nothing is served, even what a crash between the ack's two writes left undeleted.
        long after = Math.max(frame.afterSeq(), head.acked());
        List<StoredEnvelope> read = inbox.range(key, after, head.head(), frame.pageSize());
        if (!read.isEmpty() && expiry.expired(read.get(0), now)) {
            head = expiry.purge(key, now, head);
            inbox.delete(key, read.stream().filter(e -> expiry.expired(e, now)).map(StoredEnvelope::seq).toList());
            after = Math.max(frame.afterSeq(), head.acked());
            read = inbox.range(key, after, head.head(), frame.pageSize());
        }
        List<Envelope> page = new ArrayList<>();
        long bytes = 0;
        for (StoredEnvelope e : read) {
            if (expiry.expired(e, now)) {
                continue;
            }
            if (!page.isEmpty() && bytes + e.body().length > Limits.MAX_SYNC_BODY_BYTES) {
                break;
            }
            bytes += e.body().length;
            page.add(e.toWire());
        }
        long last = page.isEmpty() ? after : page.get(page.size() - 1).seq();
        boolean hasMore = page.size() < read.size() || read.size() == frame.pageSize() && last < head.head();
        return new InboxPageFrame(frame.reqId(), page, hasMore);
    }

    /** Deletes the device's envelopes up to {@code upTo}; beyond the head is ACK_BEYOND_HEAD. */
    public InboxAckedFrame ack(String userId, String deviceId, InboxAckFrame frame) {
        String key = Inbox.key(userId, deviceId);
        InboxTable.Head head = inbox.head(key);
        long upTo = frame.upTo();
        if (upTo > head.head()) {
            throw new ChatException(ErrorCode.ACK_BEYOND_HEAD, "no envelope with seq " + upTo + " yet");
        }
        if (upTo > head.acked()) {
            // Record the ack first: a crash between the two leaves envelopes the next ack or purge deletes.
            inbox.advanceAcked(key, upTo);
            inbox.deleteRange(key, 1, upTo);
        }
        return new InboxAckedFrame(frame.reqId(), Math.max(upTo, head.acked()));
    }
}
