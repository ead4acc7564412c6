package chat.bench;

import chat.bench.BenchAccounts.Account;
import chat.client.ChatConnection;
import chat.model.frames.ChatMessage;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.ServerFrame;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One message at a time between two users: the latency floor of the path (send→delivery at the receiver, send→SENT
 * at the sender; one JVM, one clock) and the AWS calls one message costs when nothing can be batched.
 */
final class SequentialScenario implements Scenario {
    private static final double TARGET_P99_MS = 100;

    @Override
    public String name() {
        return "sequential";
    }

    @Override
    public String summary() {
        return "one-to-one messages one at a time: latency floor and AWS calls per message without batching";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("sequential-messages", "1000", "measured messages"),
                new Option("sequential-warmup", "200", "unmeasured messages first"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        int messages = args.integer("sequential-messages", 1000);
        int warmup = args.integer("sequential-warmup", 200);
        List<Account> pair = context.accounts().registerMany("seq", 2);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Latencies delivery = new Latencies();
        Latencies sentAck = new Latencies();
        BenchAcks acks = BenchAcks.of(args);
        Screen screen = new Screen(acks.receiver());
        AtomicLong receipts = new AtomicLong();
        ChatConnection alice = context.accounts().connect(pair.get(0), context.ws(), f -> {
            if (f instanceof ReceiptFrame) {
                receipts.incrementAndGet();
            }
        });
        ChatConnection bob = context.accounts().connect(pair.get(1), context.ws(), (ServerFrame f) -> {
            if (f instanceof MessageFrame m) {
                for (ChatMessage shown : screen.arrive(m.message())) {
                    Long start = sentAt.get(shown.clientMsgId());
                    if (start != null) {
                        delivery.recordNanos(System.nanoTime() - start);
                    }
                }
            }
        });
        screen.acksConnectedTo(bob);
        Resends resends = new Resends();
        try {
            String body = BenchBody.of(args);
            String conversation = null;
            CostMeter cost = null;
            long started = 0;
            long frames = 0;
            for (int i = 0; i < warmup + messages; i++) {
                boolean measured = i >= warmup;
                if (i == warmup) {
                    if (conversation != null) { // the warm-up's acks stay out of the figures
                        String warm = conversation;
                        Waits.until(() -> screen.shownUpTo(warm) >= warmup, Duration.ofSeconds(60),
                                () -> "the receiver lacks warm-up messages after 60 s");
                        acks.awaitSettled(Duration.ofSeconds(30));
                    }
                    frames = acks.framesSent();
                    cost = CostMeter.start(context);
                    started = System.nanoTime();
                }
                String id = (measured ? "m" : "w") + i;
                long t0 = System.nanoTime();
                if (measured) {
                    sentAt.put(id, t0);
                }
                SentFrame sent = resends.send(alice, new SendFrame(null, conversation, conversation == null
                        ? pair.get(1).userId() : null, id, body));
                if (measured) {
                    sentAck.recordNanos(System.nanoTime() - t0);
                }
                conversation = sent.conversationId();
            }
            long total = warmup + messages;
            String c = conversation;
            Waits.until(() -> screen.shownUpTo(c) >= total, Duration.ofSeconds(60),
                    () -> "the receiver has " + screen.shown() + " of " + total + " messages after 60 s");
            double seconds = (System.nanoTime() - started) / 1e9;
            acks.awaitSettled(Duration.ofSeconds(30));
            Map<String, Object> costs = cost.stop(messages);
            if (screen.hasGaps() || screen.shown() != total) {
                throw new BenchFailure(String.format("the receiver shows %d of %d", screen.shown(), total));
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("messages", messages);
            f.putAll(delivery.summary("delivery"));
            f.putAll(sentAck.summary("sent"));
            f.put("duplicateArrivalsDropped", screen.duplicates());
            f.put("resends", resends.resent());
            f.put("msgsPerSecond", Math.round(messages / seconds));
            f.putAll(acks.figures(frames, messages));
            f.put("receiptsAtSender", receipts.get());
            f.putAll(costs);
            String headline = String.format("send→delivery p50 %.1f ms, p99 %.1f ms; send→SENT p50 %.1f ms; "
                    + "$%.2f per million messages", delivery.percentileMs(50), delivery.percentileMs(99),
                    sentAck.percentileMs(50), CostMeter.usdTotal(costs));
            return new ScenarioResult(name(), f, headline, "p99 < " + (int) TARGET_P99_MS + " ms",
                    delivery.percentileMs(99) < TARGET_P99_MS);
        } finally {
            resends.close();
            alice.close();
            bob.close();
            acks.close();
        }
    }
}
