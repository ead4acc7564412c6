package chat.client;

import chat.model.frames.ChatMessage;
import chat.model.frames.EnvelopeFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.ServerFrame;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a device receives: live frames, sync pages and its own sent messages all pass the {@link ConversationInbox}
 * here (envelopes the {@link EnvelopeInbox}), so listeners see each message exactly once and in seq order per conversation, and what they saw is acked
 * (coalesced) as the {@link AutoAck} setting says. Runs on the device's event thread.
 */
final class Delivery {
    private final ConversationInbox inbox;
    private final ReceiptTracker receipts;
    private final AckCoalescer acks;
    private final AutoAck autoAck;
    private final DeviceListeners listeners;
    private final Supplier<DeviceIdentity> identity;
    private final DeviceJournal journal;
    private final EnvelopeInbox envelopes;

    Delivery(ConversationInbox inbox, ReceiptTracker receipts, AckCoalescer acks, AutoAck autoAck,
            DeviceListeners listeners, Supplier<DeviceIdentity> identity, DeviceJournal journal,
            EnvelopeInbox envelopes) {
        this.envelopes = envelopes;
        this.inbox = inbox;
        this.receipts = receipts;
        this.acks = acks;
        this.autoAck = autoAck;
        this.listeners = listeners;
        this.identity = identity;
        this.journal = journal;
    }

    /** A decoded frame of the current connection. */
    void onFrame(ServerFrame frame) {
        listeners.each(l -> l.onFrame(frame));
        if (frame instanceof MessageFrame m) {
            deliver(inbox.offer(m.message()));
        } else if (frame instanceof EnvelopeFrame e) {
            envelopes.onLive(e.envelope());
        } else if (frame instanceof ReceiptFrame r) {
            journal.receipt(r);
            receipts.onReceipt(r);
            listeners.each(l -> l.onReceipt(r));
        } else if (frame instanceof GroupReceiptFrame g) {
            journal.groupReceipt(g);
            receipts.onGroupReceipt(g);
            listeners.each(l -> l.onGroupReceipt(g));
        } else if (frame instanceof ErrorFrame e && e.reqId() == null) {
            listeners.each(l -> l.onServerError(e));
        }
    }

    /** An outgoing message changed state; once SENT it is part of this device's timeline too. */
    void onOutgoing(OutgoingMessage m) {
        journal.outgoing(m); // stored before any listener hears of it
        listeners.each(l -> l.onOutgoing(m));
        DeviceIdentity me = identity.get();
        if (m.state() == MessageState.SENT && me.userId() != null && m.conversationId() != null) {
            // This device's own message belongs to its timeline; the server may or may not push it back.
            deliver(inbox.offer(new ChatMessage(m.conversationId(), m.seq(), me.userId(), me.deviceId(),
                    m.clientMsgId(), m.body(), m.serverTime())));
        }
    }

    /**
     * A sync page's message: a conversation's first page starts right after the cursor sent ({@code cursorSent}), or
     * — when the device had nothing before the member's join — right after the join: the seqs skipped are not this
     * member's.
     */
    void synced(ChatMessage m, long cursorSent, boolean firstOfConversation) {
        if (firstOfConversation && m.seq() > cursorSent + 1) {
            deliver(inbox.setStart(m.conversationId(), m.seq() - 1));
            journal.cursorMoved(m.conversationId(), inbox.contiguous(m.conversationId()));
        }
        deliver(inbox.offer(m));
    }

    /** Runs a sync answer's deliveries so that the store commits them once. */
    void batch(Runnable work) {
        journal.inTransaction(work);
    }

    /** Hands in-order messages to the listeners and acks them (coalesced). */
    private void deliver(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        journal.delivered(messages, inbox); // stored (with the cursors after them) before the listeners see them
        Set<String> touched = new LinkedHashSet<>();
        for (ChatMessage m : messages) {
            listeners.each(l -> l.onMessage(m));
            touched.add(m.conversationId());
        }
        for (String conversationId : touched) {
            autoAck.shown(acks, conversationId, inbox.contiguous(conversationId));
        }
    }
}
