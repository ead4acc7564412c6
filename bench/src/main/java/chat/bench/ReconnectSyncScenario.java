package chat.bench;

import chat.bench.BenchAccounts.Account;
import chat.client.ChatConnection;
import chat.client.SyncResult;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A device comes back after missing many messages across many conversations: the time from opening the connection
 * until it shows every missed message (from sync and live pushes), each once and in order.
 */
final class ReconnectSyncScenario implements Scenario {
    private static final double TARGET_MS = 1000;

    @Override
    public String name() {
        return "reconnect";
    }

    @Override
    public String summary() {
        return "a device offline while messages arrive in many conversations: reconnect until caught up";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("reconnect-messages", "1000", "messages missed in total"),
                new Option("reconnect-conversations", "20", "conversations they are spread over"),
                new Option("reconnect-rounds", "5", "times the whole thing is measured"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        int total = args.integer("reconnect-messages", 1000);
        int conversations = args.integer("reconnect-conversations", 20);
        int rounds = args.integer("reconnect-rounds", 5);
        if (conversations < 1 || total < conversations || rounds < 1) {
            throw new IllegalArgumentException("need reconnect-messages >= reconnect-conversations >= 1, rounds >= 1");
        }
        BenchAccounts accounts = context.accounts();
        Account reader = accounts.register("rsync");
        List<Account> peers = accounts.registerMany("rpeer", conversations);
        List<ChatConnection> senders = BenchAccounts.parallel(conversations,
                i -> accounts.connect(peers.get(i), context.ws(), f -> { }));
        Latencies caughtUp = new Latencies();
        Resends resends = new Resends();
        long bySync = 0;
        long dropped = 0;
        Map<String, Long> cursors = new HashMap<>();
        String body = Base64.getEncoder().encodeToString("a typical short chat message, ~60 bytes long....".getBytes());
        BenchAcks acks = BenchAcks.of(args);
        try {
            for (int round = 0; round < rounds; round++) {
                int r = round;
                // The reader is offline: messages pile up, each peer in its own conversation with the reader.
                List<String> ids = BenchAccounts.parallel(conversations, i -> {
                    String conversation = null;
                    for (int k = 0; k < total / conversations + (i < total % conversations ? 1 : 0); k++) {
                        conversation = resends.send(senders.get(i), new SendFrame(null, null, reader.userId(),
                                "r" + r + "-" + k, body)).conversationId();
                    }
                    return conversation;
                });
                // Measure sync, not the fan-out backlog: wait until every conversation's head has caught up.
                Waits.until(() -> headsCaughtUp(senders, ids, cursors, total), Duration.ofSeconds(120),
                        () -> "the fan-out did not catch up within 120 s");
                // What the device shows, from sync pages and live pushes alike (a message stored just before the
                // connection may come live rather than in the sync).
                Screen screen = new Screen(acks.receiver());
                cursors.forEach(screen::startAfter);
                long t0 = System.nanoTime();
                SyncResult sync;
                try (ChatConnection c = accounts.connect(reader, context.ws(), frame -> {
                    if (frame instanceof MessageFrame m) {
                        screen.arrive(m.message());
                    }
                })) {
                    screen.acksConnectedTo(c);
                    sync = c.sync(cursors, 500).get(60, TimeUnit.SECONDS);
                    sync.messages().forEach(screen::arrive);
                    Waits.until(() -> ids.stream().mapToLong(id -> screen.shownUpTo(id) - cursors.getOrDefault(id, 0L))
                            .sum() >= total, Duration.ofSeconds(60), () -> "the device shows " + screen.shown()
                            + " of " + total + " missed messages 60 s after reconnecting");
                    caughtUp.recordNanos(System.nanoTime() - t0);
                    acks.awaitSettled(Duration.ofSeconds(30)); // before the device goes offline again
                }
                bySync += sync.messages().size();
                if (screen.hasGaps() || screen.shown() != total) {
                    throw new BenchFailure("the device shows " + screen.shown() + " of " + total);
                }
                dropped += screen.duplicates();
                ids.forEach(id -> cursors.put(id, screen.shownUpTo(id)));
            }
        } finally {
            resends.close();
            senders.forEach(ChatConnection::close);
            acks.close();
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("messagesMissed", total);
        f.put("conversations", conversations);
        f.put("rounds", rounds);
        f.putAll(caughtUp.summary("connectToCaughtUp"));
        f.put("duplicateArrivalsDropped", dropped);
        f.put("shareBySync", AwsCalls.round(bySync / (double) (total * rounds)));
        f.putAll(acks.figures());
        String headline = String.format("%d messages in %d conversations: connect→caught up p50 %.0f ms, max %.0f ms",
                total, conversations, caughtUp.percentileMs(50), caughtUp.maxMs());
        return new ScenarioResult(name(), f, headline, "< " + (int) TARGET_MS + " ms", caughtUp.maxMs() < TARGET_MS);
    }


    private static boolean headsCaughtUp(List<ChatConnection> senders, List<String> ids, Map<String, Long> cursors,
            int total) {
        long pending = 0;
        for (int i = 0; i < senders.size(); i++) {
            String id = ids.get(i);
            try {
                long head = senders.get(i).conversations().get(10, TimeUnit.SECONDS).conversations().stream()
                        .filter(c -> c.conversationId().equals(id)).mapToLong(c -> c.lastSeq()).findFirst().orElse(0);
                pending += head - cursors.getOrDefault(id, 0L);
            } catch (Exception e) {
                return false;
            }
        }
        return pending >= total;
    }
}
