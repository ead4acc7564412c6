package chat.functions.messaging;

import chat.functions.ChatConfig;
import chat.functions.queue.FanoutEvent;
import chat.functions.queue.FanoutPublisher;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MessagesTable;
import chat.functions.store.SendClaimsTable;
import chat.functions.store.SendClaimsTable.Claim;
import chat.functions.store.SendClaimsTable.Existing;
import chat.functions.store.StoredMessage;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.frames.GroupEvent;
import chat.model.frames.MessageFrame;
import chat.model.internal.InternalApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Appends entries (messages and group events) to a conversation, each exactly once, and queues them for fan-out
 * (groups, and direct messages whose inline delivery failed: see {@link DirectDelivery}).
 *
 * <p>Idempotency: a claim keyed by (conversation, device, clientMsgId) is written first, recording the head seen
 * then. A retry that finds the claim looks for the stored entry above that head and answers with its seq; if the
 * first attempt died before storing, the retry takes the claim over once its lease has run out.
 *
 * <p>Ordering: the entry is put at head+1 with a condition that the seq is free; on conflict the head is read
 * again. No transaction is needed and no seq is ever skipped.
 *
 * <p>Visibility: the conversation's {@code lastSeq} is moved past the entry before {@link #append} returns (on a
 * retry too, since the first attempt may have died in between), so {@code sync} finds every entry that was answered,
 * whether or not its delivery has run. Nothing after the send moves it: the fan-out worker relies on this.
 */
@ApplicationScoped
public class ConversationLog {
    private static final int MAX_SEQ_ATTEMPTS = 64;
    private static final int HEAD_HINTS_MAX = 100_000;
    private final MessagesTable messages;
    private final ConversationsTable conversations;
    private final SendClaimsTable claims;
    private final FanoutPublisher fanout;
    private final Clock clock;
    private final Duration claimLease;
    private final Duration dedupWindow;
    /** Last seq this instance stored per conversation: a hint only, always at or below the real head. */
    private final Map<String, Long> headHints = new ConcurrentHashMap<>();

    public ConversationLog(MessagesTable messages, ConversationsTable conversations, SendClaimsTable claims,
            FanoutPublisher fanout, ChatConfig config, Clock clock) {
        this.messages = messages;
        this.conversations = conversations;
        this.claims = claims;
        this.fanout = fanout;
        this.clock = clock;
        this.claimLease = config.send().claimLease();
        this.dedupWindow = config.send().dedupWindow();
    }

    /** The stored entry, and whether an earlier attempt with the same clientMsgId had stored it already. */
    public record Appended(StoredMessage entry, boolean duplicate) {
    }

    /** The entry an earlier attempt with this clientMsgId stored, if there was one (made visible to sync). */
    public Optional<StoredMessage> earlier(Caller caller, String conversationId, String clientMsgId) {
        return earlier(caller.deviceId(), conversationId, clientMsgId);
    }

    /** The entry a device stored under this clientMsgId, if it did. */
    public Optional<StoredMessage> earlier(String deviceId, String conversationId, String clientMsgId) {
        return claims.find(SendClaimsTable.key(conversationId, deviceId, clientMsgId))
                .flatMap(c -> messages.findByClientMsgId(conversationId, deviceId, clientMsgId,
                        c.claimHead()).map(this::visible));
    }

    /** Stores a user's message or a group event (exactly one of {@code body}, {@code event}) once. */
    public Appended append(Caller caller, String conversationId, String clientMsgId, byte[] body, GroupEvent event) {
        long head = headHint(conversationId);
        long now = clock.millis();
        String claimKey = SendClaimsTable.key(conversationId, caller.deviceId(), clientMsgId);
        Claim claim = claims.claim(claimKey, head, now, (now + dedupWindow.toMillis()) / 1000);
        if (claim instanceof Existing earlier) {
            Optional<StoredMessage> stored = messages.findByClientMsgId(conversationId, caller.deviceId(),
                    clientMsgId, earlier.claimHead());
            if (stored.isPresent()) {
                return new Appended(visible(stored.get()), true);
            }
            if (now - earlier.claimedAt() < claimLease.toMillis()
                    || !claims.takeOver(claimKey, earlier.claimedAt(), now)) {
                throw new ChatException(ErrorCode.SEND_IN_PROGRESS, "this clientMsgId is being stored; retry shortly");
            }
            head = Math.max(head, earlier.claimHead());
        }
        return new Appended(visible(store(caller, conversationId, clientMsgId, body, event, head, now)), false);
    }

    /**
     * For an ack naming {@code seq} above the head it read: the seq must be stored (ACK_BEYOND_HEAD if not), and then
     * the head, which lags the store only after a crash between the two writes, is moved past it.
     */
    public void requireStored(String conversationId, long seq) {
        if (!messages.exists(conversationId, seq)) {
            throw new ChatException(ErrorCode.ACK_BEYOND_HEAD, "no message with seq " + seq + " yet");
        }
        conversations.advanceHead(conversationId, seq, clock.millis());
    }

    /**
     * Moves the head past the stored entry, so sync finds it before anyone is told it exists. A direct chat's head
     * write also moves the author's own cursors (they have seen what they wrote); when the head is already there (a
     * resend, or a later entry got there first) the cursors get a write of their own.
     */
    private StoredMessage visible(StoredMessage m) {
        if (!Ids.isDirect(m.conversationId())) {
            conversations.advanceHead(m.conversationId(), m.seq(), m.serverTime());
        } else if (!conversations.advanceHeadAndOwn(m.conversationId(), m.senderUserId(), m.seq(), m.serverTime())) {
            conversations.advanceOwnCursors(m.conversationId(), m.senderUserId(), m.seq());
        }
        return m;
    }

    /**
     * Queues the entry for fan-out and returns when SQS has it. A resend queues it again (the first attempt may have
     * died before queueing it); devices drop the repeat by seq.
     */
    public void publish(StoredMessage m) {
        publish(m, FrameCodec.encode(new MessageFrame(m.toWire())));
    }

    /** As {@link #publish(StoredMessage)}, with the entry's message frame already encoded. */
    public void publish(StoredMessage m, String frame) {
        try {
            fanout.publish(new FanoutEvent(m.conversationId(), m.seq(), m.senderUserId(), m.senderDeviceId(),
                    m.serverTime(), frame)).get(InternalApi.SEND_QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            // Stored but not queued: the client retries with the same clientMsgId, which queues it again.
            throw new ChatException(ErrorCode.UNAVAILABLE, "stored but not yet queued; retry with the same clientMsgId");
        }
    }

    private StoredMessage store(Caller caller, String conversationId, String clientMsgId, byte[] body,
            GroupEvent event, long head, long claimedAt) {
        long seq = head + 1;
        for (int attempt = 0; attempt < MAX_SEQ_ATTEMPTS; attempt++) {
            long now = clock.millis();
            if (now - claimedAt > claimLease.toMillis() / 2) {
                // Past half the lease a retry may take the claim over; stop rather than risk storing twice.
                throw new ChatException(ErrorCode.UNAVAILABLE, "store took too long; retry with the same clientMsgId");
            }
            StoredMessage m = new StoredMessage(conversationId, seq, caller.userId(), caller.deviceId(), clientMsgId,
                    body, event, now);
            if (messages.tryPut(m)) {
                rememberHead(conversationId, seq);
                return m;
            }
            seq = messages.head(conversationId) + 1;
        }
        throw new ChatException(ErrorCode.UNAVAILABLE, "conversation too busy; retry with the same clientMsgId");
    }

    /**
     * The highest seq this instance stored in the conversation, or 0: never above the real head (heads only grow),
     * so an ack at or below it needs no read of the head.
     */
    public long knownHead(String conversationId) {
        Long hint = headHints.get(conversationId);
        return hint != null ? hint : 0;
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
}
