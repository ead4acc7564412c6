package chat.bench;

import chat.bench.BenchAccounts.Account;
import chat.client.ChatConnection;
import chat.client.SyncResult;
import chat.model.Limits;
import chat.model.frames.ChatMessage;
import chat.model.frames.CreateGroupFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One sender in a full group at a steady rate: the time from send until the last online member has the message
 * (and until each member has it), what one group message costs in AWS calls, and that every device saw every
 * message once and in order — the offline members on sync.
 */
final class GroupFanoutScenario implements Scenario {
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);
    private static final double TARGET_P99_MS = 150;
    /** A send not answered SENT within this counts as unanswered (the collapse measure). */
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "group";
    }

    @Override
    public String summary() {
        return "one sender at a steady rate into a full group: latency until the last member has each message";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("group-members", "256", "members of the group"),
                new Option("group-online", "256", "how many of them are online, one device each"),
                new Option("group-messages", "200", "measured messages"),
                new Option("group-warmup", "20", "unmeasured messages first"),
                new Option("group-rate", "10", "messages per second"),
                new Option("group-body-bytes", "60", "size of each message body (at most " + Limits.MAX_BODY_BYTES
                        + ")"));
    }

    /** A measured message on its way: when it was sent and how many online members still lack it. */
    private record InFlight(long sentNanos, AtomicInteger missing) {
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        int members = args.integer("group-members", 256);
        int online = args.integer("group-online", members);
        int messages = args.integer("group-messages", 200);
        int warmup = args.integer("group-warmup", 20);
        double rate = args.decimal("group-rate", 10);
        int bodyBytes = args.integer("group-body-bytes", 60);
        if (members < 2 || members > Limits.MAX_GROUP_MEMBERS || online < 2 || online > members || messages < 1
                || rate <= 0 || bodyBytes < 1 || bodyBytes > Limits.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("need 2 <= group-online <= group-members <= "
                    + Limits.MAX_GROUP_MEMBERS + ", group-messages >= 1, group-rate > 0 and 1 <= group-body-bytes <= "
                    + Limits.MAX_BODY_BYTES);
        }
        BenchAccounts accounts = context.accounts();
        List<Account> everyone = accounts.registerMany("grp", members);
        Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
        Latencies lastMember = new Latencies();
        Latencies eachMember = new Latencies();
        Latencies sent = new Latencies();
        BenchAcks acks = BenchAcks.of(args);
        List<Screen> screens = new ArrayList<>();
        for (int i = 0; i < online; i++) {
            screens.add(new Screen(acks.receiver()));
        }
        List<ChatConnection> connections = BenchAccounts.parallel(online, i -> {
            ChatConnection c = accounts.connect(everyone.get(i), context.ws(),
                    frame -> arrived(frame, screens.get(i), inFlight, lastMember, eachMember));
            screens.get(i).acksConnectedTo(c);
            return c;
        });
        Resends resends = new Resends();
        try {
            ChatConnection sender = connections.get(0);
            List<Screen> receivers = screens.subList(1, online); // a sender's device does not get its own messages
            String group = sender.request(new CreateGroupFrame(sender.newReqId(), UUID.randomUUID().toString(),
                    "Bench group", everyone.subList(1, members).stream().map(Account::userId).toList()),
                    SentFrame.class).get(30, TimeUnit.SECONDS).conversationId();
            awaitAll(receivers, group, 1, "the group's creation");
            byte[] ciphertext = new byte[bodyBytes];
            new Random(bodyBytes).nextBytes(ciphertext);
            String body = Base64.getEncoder().encodeToString(ciphertext);
            Waits.paced(warmup, rate, (i, due) -> resends.sendAsync(sender, new SendFrame(null, group, null, "w" + i, body)));
            awaitAll(receivers, group, 1 + warmup, "the warm-up messages");

            acks.awaitSettled(DELIVERY_WAIT);
            long frames = acks.framesSent();
            CostMeter cost = CostMeter.start(context);
            AtomicInteger answeredInTime = new AtomicInteger();
            List<CompletableFuture<SentFrame>> sends = Waits.paced(messages, rate, (i, due) -> {
                String id = "m" + i;
                long t0 = System.nanoTime();
                inFlight.put(id, new InFlight(t0, new AtomicInteger(online - 1)));
                return resends.sendAsync(sender, new SendFrame(null, group, null, id, body))
                        .whenComplete((s, e) -> {
                            long took = System.nanoTime() - t0;
                            sent.recordNanos(took);
                            if (e == null && took <= ANSWER_LIMIT.toNanos()) {
                                answeredInTime.incrementAndGet();
                            }
                        });
            });
            try {
                // Every send ends within the resend policy's give-up time, SENT or failed.
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException someFailed) {
                // counted below as unanswered
            }
            int unanswered = messages - answeredInTime.get();
            long head = 1 + warmup + messages;
            try {
                awaitAll(receivers, group, head, "the measured messages");
            } catch (BenchFailure e) {
                throw new BenchFailure(e.getMessage() + "; " + unanswered + " of " + messages
                        + " sends unanswered within " + ANSWER_LIMIT.toSeconds() + " s");
            }
            acks.awaitSettled(DELIVERY_WAIT);
            Map<String, Object> costs = cost.stop(messages);
            verifyScreens(receivers, group, head);
            int synced = verifyOfflineSync(accounts, everyone.subList(online, members), context, group, head);

            double writes = (Double) costs.get("dynamoWriteRequestsPerMessage");
            double sqs = (Double) costs.get("sqsRequestsPerMessage");
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("members", members);
            f.put("online", online);
            f.put("messages", messages);
            f.put("ratePerSecond", rate);
            f.put("bodyBytes", bodyBytes);
            f.putAll(lastMember.summary("lastMember"));
            f.putAll(eachMember.summary("eachMember"));
            f.putAll(sent.summary("sent"));
            f.put("sendsUnansweredWithin10s", unanswered);
            f.put("deliveries", eachMember.count());
            f.put("resends", resends.resent());
            f.put("arrivedAheadOfAnEarlierSeq", receivers.stream().mapToLong(Screen::early).sum());
            f.put("duplicateArrivalsDropped", receivers.stream().mapToLong(Screen::duplicates).sum());
            f.put("offlineMembersSynced", synced);
            f.putAll(acks.figures(frames, messages));
            f.putAll(costs);
            String headline = String.format("%d members (%d online): last member p50 %.1f ms, p99 %.1f ms; "
                    + "%.2f DynamoDB writes, %.2f SQS requests per message; $%.2f per million messages", members,
                    online, lastMember.percentileMs(50), lastMember.percentileMs(99), writes, sqs,
                    CostMeter.usdTotal(costs));
            return new ScenarioResult(name(), f, headline, "p99 < " + (int) TARGET_P99_MS + " ms",
                    lastMember.percentileMs(99) < TARGET_P99_MS);
        } finally {
            resends.close();
            connections.forEach(ChatConnection::close);
            acks.close();
        }
    }

    private static void arrived(ServerFrame frame, Screen screen, Map<String, InFlight> inFlight,
            Latencies lastMember, Latencies eachMember) {
        if (!(frame instanceof MessageFrame m)) {
            return;
        }
        long now = System.nanoTime();
        for (ChatMessage shown : screen.arrive(m.message())) {
            InFlight f = shown.clientMsgId() == null ? null : inFlight.get(shown.clientMsgId());
            if (f != null) {
                eachMember.recordNanos(now - f.sentNanos());
                if (f.missing().decrementAndGet() == 0) {
                    lastMember.recordNanos(now - f.sentNanos());
                }
            }
        }
    }

    private static void awaitAll(List<Screen> screens, String group, long seq, String what) {
        Waits.until(() -> screens.stream().allMatch(s -> s.shownUpTo(group) >= seq), DELIVERY_WAIT, () -> {
            long lacking = screens.stream().filter(s -> s.shownUpTo(group) < seq).count();
            return lacking + " of " + screens.size() + " online members still lack " + what + " after "
                    + DELIVERY_WAIT.toSeconds() + " s";
        });
    }

    /** Every online member shows 1..head once; fails otherwise. */
    private static void verifyScreens(List<Screen> screens, String group, long head) {
        for (Screen s : screens) {
            if (s.hasGaps() || s.shownUpTo(group) != head || s.shown() != head) {
                throw new BenchFailure(String.format("a member's screen shows %d of %d (up to seq %d)",
                        s.shown(), head, s.shownUpTo(group)));
            }
        }
    }

    private static int verifyOfflineSync(BenchAccounts accounts, List<Account> offline, BenchContext context,
            String group, long head) {
        BenchAccounts.parallel(offline.size(), i -> {
            try (ChatConnection c = accounts.connect(offline.get(i), context.ws(), f -> { })) {
                SyncResult sync = c.sync(Map.of(), null).get(30, TimeUnit.SECONDS);
                List<Long> seqs = sync.messages().stream().filter(m -> m.conversationId().equals(group))
                        .map(ChatMessage::seq).toList();
                for (int s = 0; s < seqs.size(); s++) {
                    if (seqs.get(s) != s + 1) {
                        throw new BenchFailure("an offline member's sync is not 1.." + head + " in order: " + seqs);
                    }
                }
                if (seqs.size() != head || !sync.caughtUp()) {
                    throw new BenchFailure("an offline member synced " + seqs.size() + " of " + head + " entries");
                }
            }
            return null;
        });
        return offline.size();
    }
}
