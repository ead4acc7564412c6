package chat.client;

import chat.model.frames.ChatMessage;
import chat.model.frames.EnvelopeFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.ServerFrame;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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
    /** Null without end-to-end encryption: bodies pass as received. */
    private EndToEnd endToEnd;
    private Runnable topUp = () -> { };
    /** This device's own message being added at SENT: its body is the plaintext already. */
    private ChatMessage ownPlain;

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

    /** Turns end-to-end encryption on: messages are opened before anyone sees them ({@code topUp}: after a prekey). */
    void encryptWith(EndToEnd value, Runnable topUpKeys) {
        this.endToEnd = value;
        this.topUp = topUpKeys;
    }

    /** An envelope, before the listeners see it: a Sender Key opens the messages that waited for it. */
    void onEnvelope(ReceivedEnvelope e) {
        if (endToEnd == null) {
            return;
        }
        List<ChatMessage> opened = endToEnd.onEnvelope(e, topUp);
        if (!opened.isEmpty()) {
            journal.delivered(opened, inbox);
            opened.forEach(m -> listeners.each(l -> l.onMessage(m)));
        }
    }

    /** Messages whose key never came: unreadable for good. */
    void expired(List<UndecryptableMessage> expired) {
        expired.forEach(u -> listeners.each(l -> l.onUndecryptable(u)));
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
            ChatMessage own = new ChatMessage(m.conversationId(), m.seq(), me.userId(), me.deviceId(),
                    m.clientMsgId(), m.body(), m.serverTime());
            ownPlain = own;
            try {
                deliver(inbox.offer(own));
            } finally {
                ownPlain = null;
            }
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
        List<ChatMessage> readable = new ArrayList<>(messages.size());
        List<UndecryptableMessage> unreadable = new ArrayList<>();
        journal.inTransaction(() -> {
            for (ChatMessage m : messages) {
                if (endToEnd == null || m.equals(ownPlain)) {
                    readable.add(m);
                    continue;
                }
                Optional<ChatMessage> before = journal.received(m.conversationId(), m.seq());
                if (before.isPresent()) {
                    readable.add(before.get()); // served again: opening it twice is not possible, nor needed
                    continue;
                }
                EndToEnd.Opened opened = endToEnd.open(m);
                if (opened instanceof EndToEnd.Opened.Readable r) {
                    readable.add(r.message());
                } else if (opened instanceof EndToEnd.Opened.Unreadable u) {
                    unreadable.add(u.message());
                }
            }
            // stored (with the cursors after them, unreadable ones passed too) before the listeners see them
            journal.delivered(readable, inbox);
        });
        Set<String> touched = new LinkedHashSet<>();
        for (ChatMessage m : messages) {
            touched.add(m.conversationId());
        }
        readable.forEach(m -> listeners.each(l -> l.onMessage(m)));
        unreadable.forEach(u -> listeners.each(l -> l.onUndecryptable(u)));
        for (String conversationId : touched) {
            autoAck.shown(acks, conversationId, inbox.contiguous(conversationId));
        }
    }
}
