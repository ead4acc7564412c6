package chat.e2e;

import chat.client.ChatDevice;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady traffic for a fault test: every sender device sends one message per period, in turn to each of its
 * conversations, through its outbox (so failures are resent with the same clientMsgId, as a real client does).
 * Sending never blocks the schedule: a message waiting for a resend does not hold back the next one.
 */
final class SteadyLoad implements AutoCloseable {
    /** A device and the conversations it writes to. */
    record Sender(String name, ChatDevice device, List<String> conversations) {
    }

    private final List<Sender> senders;
    private final Duration period;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "steady-load");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger sent = new AtomicInteger();

    SteadyLoad(List<Sender> senders, double messagesPerSecondEach) {
        this.senders = List.copyOf(senders);
        this.period = Duration.ofNanos((long) (1e9 / messagesPerSecondEach));
    }

    /** Starts sending; the senders are spread over the period so the load is even. */
    SteadyLoad start() {
        long offset = period.toNanos() / senders.size();
        for (int i = 0; i < senders.size(); i++) {
            Sender s = senders.get(i);
            AtomicInteger n = new AtomicInteger();
            ticker.scheduleAtFixedRate(() -> {
                int k = n.getAndIncrement();
                String conversation = s.conversations().get(k % s.conversations().size());
                String id = s.name() + "-" + k;
                s.device().send(conversation, (s.name() + " says " + k).getBytes(StandardCharsets.UTF_8), id);
                sent.incrementAndGet();
            }, i * offset, period.toNanos(), TimeUnit.NANOSECONDS);
        }
        return this;
    }

    /** Messages handed to the outboxes so far. */
    int submitted() {
        return sent.get();
    }

    /** Devices whose outbox still has a message not yet SENT (or FAILED). */
    List<String> pending() {
        List<String> out = new ArrayList<>();
        for (Sender s : senders) {
            if (s.device().outbox().pending() > 0) {
                out.add(s.name());
            }
        }
        return out;
    }

    /** Stops sending new messages; those already submitted carry on. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
