package chat.functions.inbox;

import chat.functions.ChatConfig;
import chat.functions.store.InboxClaimsTable;
import chat.functions.store.InboxClaimsTable.Existing;
import chat.functions.store.InboxTable;
import chat.functions.store.StoredEnvelope;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.EnvelopeResult;
import chat.model.frames.OutgoingEnvelope;
import chat.model.schema.Tables.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Stores one sender's envelopes for one recipient device, in the order given, each at most once.
 *
 * <p>Seq: each envelope is put at the inbox head + 1 with a conditional put (on a conflict the head is read again),
 * and the head record is moved after the puts. The head only grows and an ack deletes only what is at or below the
 * head, so a seq is never given twice, even after the envelopes below it were acked and deleted; and readers, who
 * stop at the head, never see a gap that a slower writer fills later. An ADD counter would give each writer its seq
 * in one write too, but a writer that dies between the ADD and its put leaves a hole readers cannot tell from an
 * envelope still on its way, and a cumulative ack over such a hole would delete the late envelope unseen.
 *
 * <p>Order: a sender's frames are handled one after another, each after the previous was answered, and an envelope
 * is stored (and the head moved past it) before its frame is answered, so a later envelope of the same sending device
 * always gets a higher seq on the recipient.
 *
 * <p>Idempotence: a claim per (recipient, sending device, envelopeId) is written first and given the seq after; a
 * resend that finds it answers "duplicate" with that seq.
 */
@ApplicationScoped
public class InboxWriter {
    private static final int MAX_SEQ_ATTEMPTS = 64;
    private final InboxTable inbox;
    private final InboxClaimsTable claims;
    private final InboxExpiry expiry;
    private final Clock clock;
    private final int maxPending;
    private final Duration maxAge;
    private final Duration claimLease;

    public InboxWriter(InboxTable inbox, InboxClaimsTable claims, InboxExpiry expiry, ChatConfig config,
            Clock clock) {
        this.inbox = inbox;
        this.claims = claims;
        this.expiry = expiry;
        this.clock = clock;
        this.maxPending = config.inbox().maxPending();
        this.maxAge = config.inbox().maxAge();
        this.claimLease = config.inbox().claimLease();
    }

    /** One envelope's outcome, and the stored envelope to push when there is one to push. */
    public record Written(EnvelopeResult result, StoredEnvelope toPush) {
    }

    /** Stores the envelopes (all addressed to the same device) from the sending device, in list order. */
    public List<Written> write(String senderUserId, String senderDeviceId, List<OutgoingEnvelope> envelopes) {
        OutgoingEnvelope first = envelopes.get(0);
        String key = Inbox.key(first.userId(), first.deviceId());
        InboxTable.Head head = inbox.head(key);
        long next = head.head() + 1;
        long pending = head.pending();
        long highest = 0;
        List<Written> out = new ArrayList<>();
        try {
            for (OutgoingEnvelope e : envelopes) {
                long now = clock.millis();
                String claimId = InboxClaimsTable.claimId(senderDeviceId, e.envelopeId());
                long ttl = (now + maxAge.toMillis()) / 1000;
                Optional<Existing> earlier = claims.claim(key, claimId, now, ttl);
                if (earlier.isPresent()) {
                    Optional<Written> repeat = repeat(key, claimId, senderDeviceId, e, earlier.get(), head.acked(),
                            now);
                    if (repeat.isPresent()) {
                        out.add(repeat.get());
                        continue;
                    }
                }
                if (pending >= maxPending) {
                    pending = expiry.purge(key, now, new InboxTable.Head(next - 1, head.acked())).pending();
                }
                if (pending >= maxPending) {
                    claims.release(key, claimId);
                    out.add(new Written(EnvelopeResult.refused(e, ErrorCode.INBOX_FULL, "the device's inbox holds "
                            + maxPending + " unacknowledged envelopes"), null));
                    continue;
                }
                StoredEnvelope stored = put(key, new StoredEnvelope(next, senderUserId, senderDeviceId, e.envelopeId(),
                        e.suite(), e.kind(), Base64.getDecoder().decode(e.body()), now), ttl);
                claims.stored(key, claimId, stored.seq());
                next = stored.seq() + 1;
                highest = stored.seq();
                pending++;
                out.add(new Written(EnvelopeResult.stored(e, stored.seq(), false), stored));
            }
        } finally {
            // Also when a later envelope failed: the ones stored so far become visible.
            if (highest > 0) {
                inbox.advanceHead(key, highest);
            }
        }
        return out;
    }

    /**
     * A resend of a claimed envelopeId: "duplicate" with its seq (pushed again while the device has not acked it:
     * the first attempt may have died before its push); empty when an abandoned claim was taken over and the
     * envelope is to be stored now.
     */
    private Optional<Written> repeat(String key, String claimId, String senderDeviceId, OutgoingEnvelope e,
            Existing earlier, long acked, long now) {
        long seq = earlier.seq();
        if (seq == 0) {
            // Claimed, maybe stored, not recorded: the claimer is still at it, or died between the two.
            seq = inbox.findByEnvelopeId(key, senderDeviceId, e.envelopeId(), acked).orElse(0L);
            if (seq > 0) {
                claims.stored(key, claimId, seq);
            } else if (now - earlier.claimedAt() < claimLease.toMillis()
                    || !claims.takeOver(key, claimId, earlier.claimedAt(), now)) {
                return Optional.of(new Written(EnvelopeResult.refused(e, ErrorCode.SEND_IN_PROGRESS,
                        "this envelopeId is being stored; retry shortly"), null));
            } else {
                return Optional.empty();
            }
        }
        // The first attempt may have died before it moved the head past its envelope.
        inbox.advanceHead(key, seq);
        StoredEnvelope again = seq > acked ? inbox.get(key, seq).orElse(null) : null;
        return Optional.of(new Written(EnvelopeResult.stored(e, seq, true), again));
    }

    private StoredEnvelope put(String key, StoredEnvelope e, long ttl) {
        StoredEnvelope attempt = e;
        for (int i = 0; i < MAX_SEQ_ATTEMPTS; i++) {
            if (inbox.tryPut(key, attempt, ttl)) {
                return attempt;
            }
            long head = Math.max(inbox.head(key).head(), inbox.topSeq(key));
            attempt = attempt.withSeq(Math.max(attempt.seq(), head) + 1);
        }
        throw new ChatException(ErrorCode.UNAVAILABLE, "inbox too busy; retry with the same envelopeIds");
    }
}
