package chat.client;

import chat.model.frames.Envelope;
import chat.model.frames.InboxAckFrame;
import chat.model.frames.InboxAckedFrame;
import chat.model.frames.InboxPageFrame;
import chat.model.frames.InboxSyncFrame;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The device's envelope inbox on the client: every envelope goes to the listeners exactly once and in inbox seq order,
 * live or synced. It keeps the highest seq processed (persisted through the {@link DeviceJournal} after the listeners
 * returned, so a restart resumes after it), drops anything at or below it, holds a live envelope that arrives past a
 * gap and reads the inbox ({@code inboxSync}) to fill it. Processed envelopes are acked cumulatively, at most one
 * ack frame per {@link #ACK_DELAY} (a Sender Key round brings up to 100 at once), after which the server deletes them.
 * Confined to the device's event thread.
 */
final class EnvelopeInbox {
    static final Duration ACK_DELAY = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(EnvelopeInbox.class.getName());
    private final Supplier<ChatConnection> connection;
    private final DeviceJournal journal;
    private final DeviceListeners listeners;
    /** The device's own handling (end-to-end keys), before the listeners see the envelope. */
    private final java.util.function.Consumer<ReceivedEnvelope> opener;
    private final ScheduledExecutorService loop;
    /** Envelopes per inboxSync page; null: the server's default. */
    private final Integer pageSize;
    private final TreeMap<Long, Envelope> held = new TreeMap<>();
    private long processed;
    private long acked;
    private boolean syncing;
    private boolean syncAgain;
    private ScheduledFuture<?> ackTimer;

    EnvelopeInbox(Supplier<ChatConnection> connection, DeviceJournal journal, DeviceListeners listeners,
            java.util.function.Consumer<ReceivedEnvelope> opener, ScheduledExecutorService loop, Integer pageSize) {
        this.opener = opener;
        this.connection = connection;
        this.journal = journal;
        this.listeners = listeners;
        this.loop = loop;
        this.pageSize = pageSize;
        this.processed = journal.inboxCursor();
        this.acked = 0;
    }

    /** The highest seq handed to the listeners. */
    long processed() {
        return processed;
    }

    /** A live {@code envelope} frame. */
    void onLive(Envelope e) {
        if (e.seq() <= processed) {
            return; // a repeat
        }
        if (e.seq() == processed + 1 && !syncing) {
            process(e);
            drainHeld();
        } else {
            held.put(e.seq(), e);
            sync(); // past a gap: the inbox says what exists below it
        }
    }

    /** Reads the inbox from the cursor until it has no more (after every hello, and to fill a gap). */
    void sync() {
        if (syncing) {
            syncAgain = true;
            return;
        }
        ChatConnection c = connection.get();
        if (c == null) {
            return; // the next connection syncs
        }
        syncing = true;
        syncAgain = false;
        page(c);
    }

    private void page(ChatConnection c) {
        c.request(new InboxSyncFrame(c.newReqId(), processed, pageSize), InboxPageFrame.class)
                .whenCompleteAsync((page, error) -> {
                    if (error != null) {
                        syncing = false;
                        LOG.log(System.Logger.Level.DEBUG, "inbox sync failed; the next connection syncs again: "
                                + error);
                        return;
                    }
                    for (Envelope e : page.envelopes()) {
                        if (e.seq() > processed) {
                            process(e);
                        }
                    }
                    ChatConnection now = connection.get();
                    if (page.hasMore() && now == c) {
                        page(c);
                        return;
                    }
                    syncing = false;
                    held.headMap(processed, true).clear();
                    drainHeld();
                    // Also what an earlier run (or a failed ack) processed and the server still holds.
                    ackSoon();
                    if (syncAgain || !held.isEmpty()) {
                        sync();
                    }
                }, loop);
    }

    private void drainHeld() {
        while (!held.isEmpty() && held.firstKey() == processed + 1) {
            process(held.pollFirstEntry().getValue());
        }
        held.headMap(processed, true).clear();
    }

    private void process(Envelope e) {
        ReceivedEnvelope received = ReceivedEnvelope.of(e);
        try {
            opener.accept(received);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "envelope " + e.seq() + " could not be handled", ex);
        }
        listeners.each(l -> l.onEnvelope(received));
        processed = e.seq();
        journal.inboxProcessed(processed);
        ackSoon();
    }

    /** Acks what was processed now, not after the delay (the device is closing). */
    void flush() {
        if (ackTimer != null) {
            ackTimer.cancel(false);
        }
        ack();
    }

    private void ackSoon() {
        if (processed <= acked) {
            return;
        }
        if (ackTimer == null || ackTimer.isDone()) {
            ackTimer = loop.schedule(this::ack, ACK_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ack() {
        ChatConnection c = connection.get();
        long upTo = processed;
        if (c == null || upTo <= acked) {
            return; // not connected: the envelopes come again with the next sync, and are dropped as repeats
        }
        c.request(new InboxAckFrame(c.newReqId(), upTo), InboxAckedFrame.class).whenCompleteAsync((a, error) -> {
            if (error == null) {
                acked = Math.max(acked, a.upTo());
            } else {
                LOG.log(System.Logger.Level.DEBUG, "inbox ack failed; acked again after the next envelope: " + error);
            }
        }, loop);
    }
}
