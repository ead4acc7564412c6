package chat.functions.messaging;

import chat.functions.ChatConfig;
import chat.functions.fanout.FanoutEvent;
import chat.functions.fanout.FanoutPublisher;
import chat.functions.store.MessagesTable;
import chat.functions.store.SendClaimsTable;
import chat.functions.store.SendClaimsTable.Claim;
import chat.functions.store.SendClaimsTable.Existing;
import chat.functions.store.StoredMessage;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.FrameCodec;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stores a message once and queues it for fan-out.
 *
 * <p>Idempotency: a claim keyed by (conversation, device, clientMsgId) is written first, recording the head seen
 * then. A resend that finds the claim looks for the stored message above that head and answers with its seq; if the
 * first attempt died before storing, the resend takes the claim over once its lease has run out.
 *
 * <p>Ordering: the message is put at head+1 with a condition that the seq is free; on conflict the head is read
 * again. No transaction is needed and no seq is ever skipped.
 */
@ApplicationScoped
public class SendHandler {
    private static final int MAX_SEQ_ATTEMPTS = 64;
    private static final int HEAD_HINTS_MAX = 100_000;
    private final Memberships memberships;
    private final MessagesTable messages;
    private final SendClaimsTable claims;
    private final FanoutPublisher fanout;
    private final Clock clock;
    private final Duration claimLease;
    private final Duration dedupWindow;
    /** Last seq this instance stored per conversation: a hint only, always at or below the real head. */
    private final Map<String, Long> headHints = new ConcurrentHashMap<>();

    public SendHandler(Memberships memberships, MessagesTable messages, SendClaimsTable claims,
            FanoutPublisher fanout, ChatConfig config, Clock clock) {
        this.memberships = memberships;
        this.messages = messages;
        this.claims = claims;
        this.fanout = fanout;
        this.clock = clock;
        this.claimLease = config.send().claimLease();
        this.dedupWindow = config.send().dedupWindow();
    }

    public SentFrame send(Caller caller, SendFrame frame) {
        String conversationId = frame.conversationId() != null ? frame.conversationId()
                : memberships.directWith(caller.userId(), frame.peer());
        memberships.requireForSend(conversationId, caller.userId());

        long head = headHint(conversationId);
        long now = clock.millis();
        String claimKey = SendClaimsTable.key(conversationId, caller.deviceId(), frame.clientMsgId());
        Claim claim = claims.claim(claimKey, head, now, (now + dedupWindow.toMillis()) / 1000);
        if (claim instanceof Existing earlier) {
            Optional<StoredMessage> stored = messages.findByClientMsgId(conversationId, caller.deviceId(),
                    frame.clientMsgId(), earlier.claimHead());
            if (stored.isPresent()) {
                // The first attempt may have died before queueing it: queue again; devices drop duplicates.
                publish(stored.get());
                return sent(frame, stored.get(), true);
            }
            if (now - earlier.claimedAt() < claimLease.toMillis() || !claims.takeOver(claimKey, earlier.claimedAt(), now)) {
                throw new ChatException(ErrorCode.SEND_IN_PROGRESS, "this clientMsgId is being stored; retry shortly");
            }
            head = Math.max(head, earlier.claimHead());
        }

        StoredMessage stored = store(caller, frame, conversationId, head, now);
        publish(stored);
        return sent(frame, stored, false);
    }

    private StoredMessage store(Caller caller, SendFrame frame, String conversationId, long head, long claimedAt) {
        byte[] body = Base64.getDecoder().decode(frame.body());
        long seq = head + 1;
        for (int attempt = 0; attempt < MAX_SEQ_ATTEMPTS; attempt++) {
            long now = clock.millis();
            if (now - claimedAt > claimLease.toMillis() / 2) {
                // Past half the lease a resend may take the claim over; stop rather than risk storing twice.
                throw new ChatException(ErrorCode.UNAVAILABLE, "store took too long; retry with the same clientMsgId");
            }
            StoredMessage m = new StoredMessage(conversationId, seq, caller.userId(), caller.deviceId(),
                    frame.clientMsgId(), body, now);
            if (messages.tryPut(m)) {
                rememberHead(conversationId, seq);
                return m;
            }
            seq = messages.head(conversationId) + 1;
        }
        throw new ChatException(ErrorCode.UNAVAILABLE, "conversation too busy; retry with the same clientMsgId");
    }

    private void publish(StoredMessage m) {
        String frame = FrameCodec.encode(new MessageFrame(m.toWire()));
        try {
            fanout.publish(new FanoutEvent(m.conversationId(), m.seq(), m.senderUserId(), m.senderDeviceId(),
                    m.serverTime(), frame)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            // Stored but not queued: the client retries with the same clientMsgId, which queues it again.
            throw new ChatException(ErrorCode.UNAVAILABLE, "message stored but not yet queued; retry");
        }
    }

    private long headHint(String conversationId) {
        Long hint = headHints.get(conversationId);
        return hint != null ? hint : messages.head(conversationId);
    }

    private void rememberHead(String conversationId, long seq) {
        if (headHints.size() > HEAD_HINTS_MAX) {
            headHints.clear();
        }
        headHints.merge(conversationId, seq, Math::max);
    }

    private static SentFrame sent(SendFrame frame, StoredMessage m, boolean duplicate) {
        return new SentFrame(frame.reqId(), m.conversationId(), m.clientMsgId(), m.seq(), m.serverTime(), duplicate);
    }
}
