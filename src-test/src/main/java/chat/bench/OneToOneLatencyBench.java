package chat.bench;

import chat.client.ChatConnection;
import chat.client.ChatHttpApi;
import chat.model.Ids;
import chat.model.api.AddDeviceRequest;
import chat.model.api.RegisterAccountRequest;
import chat.model.frames.FrameCodec;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import chat.system.SystemOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Sequential one-to-one messages between two users: send→delivery latency at the receiver and send→SENT latency at
 * the sender, from client-side timestamps (one JVM, one clock), plus the AWS calls one message costs.
 *
 * <p>{@code bin/chat-bench [--messages 1000] [--warmup 200] [--api URL --ws URL --internal-key K]}: without --api it
 * starts its own in-memory system.
 */
public final class OneToOneLatencyBench {
    private OneToOneLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int messages = Integer.parseInt(opts.getOrDefault("messages", "1000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "200"));
        ChatSystem system = null;
        URI api;
        URI ws;
        if (opts.containsKey("api")) {
            api = URI.create(opts.get("api"));
            ws = URI.create(opts.getOrDefault("ws", "ws://127.0.0.1:8080/v1/ws"));
        } else {
            system = ChatSystem.start(SystemOptions.forTests(Path.of("target", "bench-logs")));
            api = system.api();
            ws = system.ws();
        }
        try {
            run(api, ws, opts.getOrDefault("internal-key", "local-dev-internal-key-change-me"), messages, warmup);
        } finally {
            if (system != null) {
                system.close();
            }
        }
        System.exit(0);
    }

    private static void run(URI api, URI ws, String internalKey, int messages, int warmup) throws Exception {
        ChatHttpApi http = new ChatHttpApi(api);
        String[] creds = new String[2];
        String bobId = null;
        for (int i = 0; i < 2; i++) {
            String handle = "bench_" + Ids.random(10);
            String userId = http.register(new RegisterAccountRequest(handle, "Bench " + i, "bench-password")).userId();
            creds[i] = http.addDevice(new AddDeviceRequest(handle, "bench-password", "bench")).credential();
            bobId = userId;
        }
        Duration timeout = Duration.ofSeconds(10);
        ChatConnection alice = ChatConnection.open(ws, http.token(creds[0]).token(), timeout).get();
        ChatConnection bob = ChatConnection.open(ws, http.token(creds[1]).token(), timeout).get();
        alice.hello().get();
        bob.hello().get();

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Histogram delivery = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram sentAck = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        CountDownLatch received = new CountDownLatch(warmup + messages);
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        bob.addListener(f -> {
            if (f instanceof MessageFrame m && seen.putIfAbsent(m.message().clientMsgId(), true) == null) {
                long now = System.nanoTime();
                Long start = sentAt.get(m.message().clientMsgId());
                if (start != null && m.message().clientMsgId().startsWith("m")) {
                    synchronized (delivery) {
                        delivery.recordValue(Math.max(1, (now - start) / 1000));
                    }
                }
                received.countDown();
            }
        });
        String body = Base64.getEncoder().encodeToString("a typical short chat message, ~60 bytes long....".getBytes());
        String conversation = null;
        Resends resends = new Resends();
        FunctionsStats stats = new FunctionsStats(api, internalKey);
        Map<String, Long> before = null;
        long started = 0;
        for (int i = 0; i < warmup + messages; i++) {
            boolean measured = i >= warmup;
            if (i == warmup) {
                before = stats.read();
                started = System.nanoTime();
            }
            String id = (measured ? "m" : "w") + i;
            long t0 = System.nanoTime();
            sentAt.put(id, t0);
            SentFrame sent = resends.send(alice, new SendFrame(null, conversation, conversation == null ? bobId : null,
                    id, body));
            if (measured) {
                sentAck.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            }
            conversation = sent.conversationId();
        }
        if (!received.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("lost messages: " + received.getCount() + " never arrived");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> calls = FunctionsStats.diff(before, stats.read());
        alice.close();
        bob.close();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", "one-to-one-sequential");
        result.put("messages", messages);
        result.put("deliveryP50Ms", ms(delivery.getValueAtPercentile(50)));
        result.put("deliveryP99Ms", ms(delivery.getValueAtPercentile(99)));
        result.put("deliveryMaxMs", ms(delivery.getMaxValue()));
        result.put("sentP50Ms", ms(sentAck.getValueAtPercentile(50)));
        result.put("sentP99Ms", ms(sentAck.getValueAtPercentile(99)));
        result.put("msgsPerSecond", Math.round(messages / seconds));
        result.put("resends", resends.resent());
        Map<String, Double> perMessage = new LinkedHashMap<>();
        // Calls made after the last message was delivered (receipts, none here) would skew this; the run has none.
        calls.forEach((k, v) -> perMessage.put(k, Math.round(v * 1000.0 / messages) / 1000.0));
        result.put("awsCallsPerMessage", perMessage);
        System.out.printf("%n%-28s %10s%n", "one-to-one, sequential", messages + " msgs");
        System.out.printf("%-28s %10.2f ms%n", "send→delivery p50", ms(delivery.getValueAtPercentile(50)));
        System.out.printf("%-28s %10.2f ms%n", "send→delivery p99", ms(delivery.getValueAtPercentile(99)));
        System.out.printf("%-28s %10.2f ms%n", "send→delivery max", ms(delivery.getMaxValue()));
        System.out.printf("%-28s %10.2f ms%n", "send→SENT p50", ms(sentAck.getValueAtPercentile(50)));
        System.out.printf("%-28s %10.2f ms%n", "send→SENT p99", ms(sentAck.getValueAtPercentile(99)));
        perMessage.forEach((k, v) -> System.out.printf("%-28s %10.3f per message%n", k, v));
        System.out.println(FrameCodec.mapper().writeValueAsString(result));
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: [--messages N] [--warmup N] [--api URL --ws URL]");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
