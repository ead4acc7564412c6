package chat.bench;

import chat.client.ChatConnection;
import chat.client.ChatHttpApi;
import chat.client.ConnectionOptions;
import chat.model.Ids;
import chat.model.api.AddDeviceRequest;
import chat.model.api.RegisterAccountRequest;
import chat.model.frames.FrameCodec;
import chat.model.frames.PresenceFrame;
import chat.model.frames.PresenceListFrame;
import chat.model.frames.PushKind;
import chat.model.frames.PushRegisteredFrame;
import chat.model.frames.RegisterPushFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.ServerFrame;
import chat.model.frames.SubscribePresenceFrame;
import chat.system.ChatSystem;
import chat.system.SystemOptions;
import chat.testing.WebPushReceiver;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Presence and push figures on a local system with two brokers: presence change propagation (a device connects or
 * closes → a subscriber gets the presence frame), offline detection after kill -9 of a broker, and push latency
 * (send → a local Web Push service has received and decrypted the notification). One JVM, one clock.
 *
 * <p>{@code bin/chat-bench-presence [--changes 200] [--pushes 50] [--crashes 3] [--liveness-interval PT5S]
 * [--broker-expiry PT15S] [--reaper-interval PT5S]} (defaults are the production defaults).
 */
public final class PresenceAndPushBench {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = "bench-password";

    private PresenceAndPushBench() {
    }

    private record Account(String userId, String credential) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = parse(args);
        int changes = Integer.parseInt(o.getOrDefault("changes", "200"));
        int pushes = Integer.parseInt(o.getOrDefault("pushes", "50"));
        int crashes = Integer.parseInt(o.getOrDefault("crashes", "3"));
        String interval = o.getOrDefault("liveness-interval", "PT5S");
        String expiry = o.getOrDefault("broker-expiry", "PT15S");
        String reaper = o.getOrDefault("reaper-interval", "PT5S");
        SystemOptions options = SystemOptions.forTests(Path.of("target", "bench-logs", "presence"))
                .withInstances(1, 2)
                .withProperties(Map.of("chat.presence.broker-expiry", expiry, "chat.presence.reaper-interval", reaper),
                        Map.of("chat.broker.liveness-interval", interval));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("livenessInterval", interval);
        result.put("brokerExpiry", expiry);
        result.put("reaperInterval", reaper);
        try (ChatSystem system = ChatSystem.start(options); WebPushReceiver receiver = new WebPushReceiver();
                Resends resends = new Resends()) {
            ChatHttpApi http = new ChatHttpApi(system.api());
            presence(system, http, resends, changes, result);
            push(system, http, resends, receiver, pushes, result);
            crashes(system, http, resends, crashes, result);
        }
        System.out.println(FrameCodec.mapper().writeValueAsString(result));
        System.exit(0);
    }

    private static void presence(ChatSystem system, ChatHttpApi http, Resends resends, int changes,
            Map<String, Object> result)
            throws Exception {
        Account watcher = account(http);
        Account target = account(http);
        PresenceFrames seen = new PresenceFrames();
        try (ChatConnection w = connect(http, watcher, system.ws(0), seen)) {
            befriend(http, system, resends, w, target);
            w.request(new SubscribePresenceFrame(w.newReqId(), List.of(target.userId())), PresenceListFrame.class)
                    .get(10, TimeUnit.SECONDS);
            Histogram online = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            Histogram offline = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            String token = http.token(target.credential()).token();
            for (int i = 0; i < changes; i++) {
                long t0 = System.nanoTime();
                ChatConnection t = ChatConnection.open(system.ws(i % 2), token, WAIT).get(60, TimeUnit.SECONDS);
                await(seen, target.userId(), true);
                online.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                t.hello().get(10, TimeUnit.SECONDS);
                long t1 = System.nanoTime();
                t.close();
                await(seen, target.userId(), false);
                offline.recordValue(Math.max(1, (System.nanoTime() - t1) / 1000));
            }
            result.put("presenceChanges", changes);
            result.put("onlinePropagationP50Ms", ms(online.getValueAtPercentile(50)));
            result.put("onlinePropagationP99Ms", ms(online.getValueAtPercentile(99)));
            result.put("offlinePropagationP50Ms", ms(offline.getValueAtPercentile(50)));
            result.put("offlinePropagationP99Ms", ms(offline.getValueAtPercentile(99)));
            System.out.printf("presence, %d changes each way (connect start / close start → subscriber frame)%n",
                    changes);
            System.out.printf("  online  p50 %.2f ms  p99 %.2f ms%n", ms(online.getValueAtPercentile(50)),
                    ms(online.getValueAtPercentile(99)));
            System.out.printf("  offline p50 %.2f ms  p99 %.2f ms%n", ms(offline.getValueAtPercentile(50)),
                    ms(offline.getValueAtPercentile(99)));
        }
    }

    private static void push(ChatSystem system, ChatHttpApi http, Resends resends, WebPushReceiver receiver,
            int pushes, Map<String, Object> result) throws Exception {
        Account sender = account(http);
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        try (ChatConnection s = connect(http, sender, system.ws(0))) {
            for (int i = 0; i < pushes; i++) {
                // A fresh recipient per sample: each one is a first notification, not collapsed or rate limited.
                Account r = account(http);
                WebPushReceiver.Subscription sub = receiver.subscribe();
                ChatConnection rc = connect(http, r, system.ws(0));
                rc.request(new RegisterPushFrame(rc.newReqId(), PushKind.WEBPUSH, sub.endpoint(), sub.p256dh(),
                        sub.auth(), null), PushRegisteredFrame.class).get(10, TimeUnit.SECONDS);
                rc.close();
                rc.closed().get(10, TimeUnit.SECONDS); // the device is offline: its close was handled
                long wall = System.currentTimeMillis();
                resends.send(s, new SendFrame(null, null, r.userId(), "p" + i, Base64.getEncoder().encodeToString(
                        "push me".getBytes())));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (receiver.received(sub).isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no push for sample " + i);
                    }
                    Thread.sleep(1); // polling granularity only; latency is taken from the receiver's own clock
                }
                long at = receiver.received(sub).get(0).receivedAtMillis();
                latency.recordValue(Math.max(1, (at - wall) * 1000));
                if (receiver.received(sub).get(0).payload() == null) {
                    throw new IllegalStateException("undecryptable push " + i);
                }
            }
        }
        result.put("pushes", pushes);
        result.put("pushLatencyP50Ms", ms(latency.getValueAtPercentile(50)));
        result.put("pushLatencyP99Ms", ms(latency.getValueAtPercentile(99)));
        result.put("pushLatencyMaxMs", ms(latency.getMaxValue()));
        System.out.printf("push, %d notifications (send → local Web Push service decrypted it)%n", pushes);
        System.out.printf("  p50 %.0f ms  p99 %.0f ms  max %.0f ms%n", ms(latency.getValueAtPercentile(50)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getMaxValue()));
    }

    private static void crashes(ChatSystem system, ChatHttpApi http, Resends resends, int rounds,
            Map<String, Object> result)
            throws Exception {
        List<Long> detected = new ArrayList<>();
        Account watcher = account(http);
        PresenceFrames seen = new PresenceFrames();
        try (ChatConnection w = connect(http, watcher, system.ws(0), seen)) {
            for (int i = 0; i < rounds; i++) {
                Account victim = account(http);
                befriend(http, system, resends, w, victim);
                ChatConnection v = connect(http, victim, system.ws(1));
                w.request(new SubscribePresenceFrame(w.newReqId(), List.of(victim.userId())), PresenceListFrame.class)
                        .get(10, TimeUnit.SECONDS);
                long t0 = System.nanoTime();
                system.broker(1).kill9();
                await(seen, victim.userId(), false);
                detected.add((System.nanoTime() - t0) / 1_000_000);
                v.abort();
                System.out.printf("kill -9 of a broker → its user offline at the subscriber: %d ms%n",
                        detected.get(i));
                system.restart(system.broker(1));
            }
        }
        result.put("crashOfflineDetectionMs", detected);
    }

    private static void await(PresenceFrames seen, String userId, boolean online) throws InterruptedException {
        PresenceFrame f = seen.await(userId, online, WAIT);
        if (f == null) {
            throw new IllegalStateException("no presence " + online + " for " + userId + " within " + WAIT);
        }
    }

    /** A direct conversation makes the two contacts, so the watcher may subscribe. */
    private static void befriend(ChatHttpApi http, ChatSystem system, Resends resends, ChatConnection watcher,
            Account other)
            throws Exception {
        resends.send(watcher, new SendFrame(null, null, other.userId(), "f" + Ids.random(8),
                Base64.getEncoder().encodeToString("hi".getBytes())));
    }

    private static Account account(ChatHttpApi http) {
        String handle = "pb_" + Ids.random(10);
        String userId = http.register(new RegisterAccountRequest(handle, "Bench", PASSWORD)).userId();
        return new Account(userId, http.addDevice(new AddDeviceRequest(handle, PASSWORD, "bench")).credential());
    }

    private static ChatConnection connect(ChatHttpApi http, Account a, URI ws) throws Exception {
        return connect(http, a, ws, null);
    }

    /** {@code listener} (may be null) sees every frame from hello on. */
    private static ChatConnection connect(ChatHttpApi http, Account a, URI ws, Consumer<ServerFrame> listener)
            throws Exception {
        ChatConnection c = ChatConnection.open(ws, http.token(a.credential()).token(), WAIT,
                ConnectionOptions.defaults().withListener(listener)).get(60, TimeUnit.SECONDS);
        c.hello().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: [--changes N] [--pushes N] [--crashes N] "
                        + "[--liveness-interval D] [--broker-expiry D] [--reaper-interval D]");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
