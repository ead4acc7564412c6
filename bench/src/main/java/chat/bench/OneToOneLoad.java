package chat.bench;

import chat.bench.BenchAccounts.Account;
import chat.client.ChatConnection;
import chat.model.frames.ChatMessage;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Many users, one device each, all online, sending one-to-one messages to their contacts at an aggregate rate.
 *
 * <p>Each user has the same {@code contacts} offsets d (distinct, below users/2) and writes to users i+d: so every
 * conversation has one writer and its reader must end up showing seq 1..n with nothing missing, each once, in order
 * (through the reference client's reorder buffer). Sends are paced open-loop and latency is measured from each
 * send's scheduled time, so a load generator that falls behind does not hide the delay (coordinated omission).
 */
final class OneToOneLoad implements AutoCloseable {
    /** How long after a run the receivers' acks may take to be confirmed. */
    private static final Duration ACKS_SETTLE = Duration.ofSeconds(30);
    private final List<Account> users;
    private final String body;
    private final BenchAcks acks;
    private final List<ChatConnection> connections = new ArrayList<>();
    private final List<Screen> screens;
    private final int[] offsets;
    /** Conversation id by writer * contacts + contact index. */
    private final String[] conversations;
    /** The highest seq a SENT answer gave per conversation: its reader must show 1..that. */
    private final AtomicLong[] stored;
    private final Map<String, Long> scheduledAt = new ConcurrentHashMap<>();
    private final Resends resends = new Resends();
    private final SplittableRandom random = new SplittableRandom(42);
    /** Where arrivals of the run in progress record their latency; null between runs. */
    private volatile Latencies recording;
    private long nextId;

    /** The figures of one run at one rate. */
    record Step(double offeredRate, Duration duration, long sent, long failedSends, long delivered, double seconds,
            Latencies delivery, Latencies sentAck, long lost, long early, long duplicates) {
        double deliveredPerSecond() {
            return delivered / seconds;
        }
    }

    private OneToOneLoad(List<Account> users, int[] offsets, BenchAcks acks, String body) {
        this.users = users;
        this.body = body;
        this.acks = acks;
        this.screens = new ArrayList<>();
        users.forEach(u -> screens.add(new Screen(acks.receiver())));
        this.offsets = offsets;
        this.conversations = new String[users.size() * offsets.length];
        this.stored = new AtomicLong[conversations.length];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = new AtomicLong();
        }
    }

    /**
     * Registers and connects {@code userCount} users, then opens every conversation with a first message. Readers ack
     * what they show through {@code acks}; every message carries {@code body}.
     */
    static OneToOneLoad open(BenchContext context, int userCount, int contacts, BenchAcks acks, String body)
            throws Exception {
        if (userCount < 3 || contacts < 1 || contacts >= userCount / 2) {
            throw new IllegalArgumentException("need users >= 3 and 1 <= contacts < users / 2");
        }
        List<Account> users = context.accounts().registerMany("load", userCount);
        OneToOneLoad load = new OneToOneLoad(users, offsets(userCount, contacts), acks, body);
        try {
            load.connections.addAll(BenchAccounts.parallel(userCount, i -> {
                ChatConnection c = context.accounts().connect(users.get(i), context.ws(), frame -> {
                    if (frame instanceof MessageFrame m) {
                        load.arrived(i, m.message());
                    }
                });
                load.screens.get(i).acksConnectedTo(c);
                return c;
            }));
            load.openConversations();
            return load;
        } catch (Exception | Error e) {
            load.close();
            throw e;
        }
    }

    /** Distinct offsets spread over 1..users/2-1: no conversation has a writer at both ends. */
    static int[] offsets(int users, int contacts) {
        int[] out = new int[contacts];
        int span = users / 2 - 1;
        for (int k = 0; k < contacts; k++) {
            out[k] = 1 + (int) ((long) k * span / contacts);
        }
        return out;
    }

    int conversationCount() {
        return conversations.length;
    }

    private void openConversations() throws Exception {
        BenchAccounts.parallel(users.size(), writer -> {
            for (int k = 0; k < offsets.length; k++) {
                int slot = writer * offsets.length + k;
                Account reader = users.get(peer(writer, k));
                SentFrame sent = resends.send(connections.get(writer),
                        new SendFrame(null, null, reader.userId(), "open-" + slot, body));
                conversations[slot] = sent.conversationId();
                stored[slot].accumulateAndGet(sent.seq(), Math::max);
            }
            return null;
        });
        Waits.until(this::allShown, Duration.ofSeconds(60), () -> "the opening messages did not all arrive");
    }

    private int peer(int writer, int contact) {
        return (writer + offsets[contact]) % users.size();
    }

    private void arrived(int user, ChatMessage message) {
        for (ChatMessage shown : screens.get(user).arrive(message)) {
            Long t0 = scheduledAt.remove(shown.clientMsgId());
            Latencies delivery = recording;
            if (t0 != null && delivery != null) {
                delivery.recordNanos(System.nanoTime() - t0);
            }
        }
    }

    /**
     * Offers {@code rate} msgs/s for {@code duration} to random (writer, contact) pairs, then waits up to
     * {@code drainLimit} for every stored message to be shown, then for the readers' acks to be confirmed (not part
     * of the step's time). Loss is reported, not thrown, so saturation can report the step where it happened.
     */
    Step run(double rate, Duration duration, Duration drainLimit) {
        int count = (int) Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        Latencies delivery = new Latencies();
        Latencies sentAck = new Latencies();
        recording = delivery;
        long earlyBefore = early();
        long duplicatesBefore = duplicates();
        long shownBefore = shown();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        List<CompletableFuture<SentFrame>> pending = Waits.paced(count, rate, (i, due) -> {
            int slot = random.nextInt(conversations.length);
            String id = "m" + (nextId++);
            scheduledAt.put(id, due);
            return resends.sendAsync(connections.get(slot / offsets.length),
                    new SendFrame(null, conversations[slot], null, id, body)).whenComplete((sent, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                        } else {
                            sentAck.recordNanos(System.nanoTime() - due);
                            stored[slot].accumulateAndGet(sent.seq(), Math::max);
                        }
                    });
        });
        long deadline = System.nanoTime() + drainLimit.toNanos();
        while (!(pending.stream().allMatch(CompletableFuture::isDone) && allShown()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        recording = null;
        scheduledAt.clear();
        acks.awaitSettled(ACKS_SETTLE);
        return new Step(rate, duration, count, failed.get(), shown() - shownBefore, seconds, delivery, sentAck,
                missing(), early() - earlyBefore, duplicates() - duplicatesBefore);
    }

    /** Stored messages that their reader does not show yet. */
    private long missing() {
        long missing = 0;
        for (int slot = 0; slot < conversations.length; slot++) {
            missing += Math.max(0, stored[slot].get() - readerScreen(slot).shownUpTo(conversations[slot]));
        }
        return missing;
    }

    private boolean allShown() {
        for (int slot = 0; slot < conversations.length; slot++) {
            if (conversations[slot] == null
                    || readerScreen(slot).shownUpTo(conversations[slot]) < stored[slot].get()) {
                return false;
            }
        }
        return true;
    }

    private Screen readerScreen(int slot) {
        return screens.get(peer(slot / offsets.length, slot % offsets.length));
    }

    private long shown() {
        return screens.stream().mapToLong(Screen::shown).sum();
    }

    private long early() {
        return screens.stream().mapToLong(Screen::early).sum();
    }

    private long duplicates() {
        return screens.stream().mapToLong(Screen::duplicates).sum();
    }

    /** A reader showing a message beyond what its writer stored, or a gap left open, is a broken order. */
    boolean anyGap() {
        return screens.stream().anyMatch(Screen::hasGaps);
    }

    long resends() {
        return resends.resent();
    }

    @Override
    public void close() {
        connections.forEach(ChatConnection::close);
        resends.close();
    }
}
