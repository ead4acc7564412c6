package chat.bench;

import chat.bench.ConnectionBudget.Side;
import chat.system.ChatSystem;
import java.net.InetAddress;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * As many idle, authenticated connections on one broker as this machine allows (each a distinct device with a real
 * token): the connect rate, whether they all stay open, and what each costs the broker in heap and resident memory.
 * The open-file limits of the broker and of this load generator cap the count; the run aims just below the tighter
 * one and says so, rather than running into it. On the way up, at each probe point (1,000 / 5,000 / 10,000 / 19,000
 * held by default) and at the end, it times delivery callbacks to a few of the held connections (p50/p99), which
 * must not grow with the number held.
 */
final class ConnectionsScenario implements Scenario {
    static final int TARGET_CONNECTIONS = 50_000;
    static final double TARGET_HEAP_KIB = 20;
    /** A connect waits for the broker's registration call to the functions (10 s timeout there) and then hello. */
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(120);
    /**
     * Other connections to the broker's port that may open meanwhile: the functions keep HTTP connections to its
     * delivery callback (same port), so "back down" allows these few.
     */
    private static final int OTHER_CONNECTIONS_SLACK = 8;
    private static final String DEFAULT_PROBE_AT = "1000,5000,10000,19000";
    /** Connections one timed delivery callback pushes a frame to (a small group's members on this broker). */
    private static final int PROBE_BATCH = 4;
    private static final int PROBE_WARMUP = 50;

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public String summary() {
        return "idle authenticated WebSockets on one broker: how many it holds, connect rate, memory per connection";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("connections-count", "50000", "idle connections on one broker, each a device"),
                new Option("connections-hold-seconds", "10", "how long they stay idle before the check"),
                new Option("connections-window", "64", "connection attempts in flight at once"),
                new Option("connections-probe-at", DEFAULT_PROBE_AT, "held counts at which delivery callbacks "
                        + "are timed (and at the end)"),
                new Option("connections-probe-rounds", "300", "timed delivery callbacks at each of those counts"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        int requested = args.integer("connections-count", TARGET_CONNECTIONS);
        int holdSeconds = args.integer("connections-hold-seconds", 10);
        int window = args.integer("connections-window", 64);
        int probeRounds = args.integer("connections-probe-rounds", 300);
        List<Integer> probeAt = probePoints(args.text("connections-probe-at", DEFAULT_PROBE_AT));
        if (requested < 1 || holdSeconds < 0 || window < 1 || probeRounds < 1) {
            throw new IllegalArgumentException("need connections-count >= 1, hold-seconds >= 0, window >= 1, "
                    + "probe-rounds >= 1");
        }
        ChatSystem system = context.system();
        ProcessMemory brokerMemory = system == null ? null : new ProcessMemory(system.broker(0).pid());
        int port = context.ws().getPort();
        boolean brokerHere = InetAddress.getByName(context.ws().getHost()).isLoopbackAddress();

        List<Side> sides = new ArrayList<>();
        OpenFileLimit brokerLimit = null;
        if (system != null) {
            String pid = Long.toString(system.broker(0).pid());
            brokerLimit = OpenFileLimit.of(pid);
            sides.add(new Side("broker", brokerLimit, OpenFileLimit.openFiles(pid), brokerLimit.hardCanBeRaised()));
        }
        OpenFileLimit ownLimit = OpenFileLimit.of("self");
        sides.add(new Side("load generator", ownLimit, OpenFileLimit.openFiles("self"), ownLimit.hardCanBeRaised()));
        ConnectionBudget budget = ConnectionBudget.of(requested, sides);

        long t0 = System.nanoTime();
        String[] tokens = BenchDevices.tokens(context.accounts(), budget.aim());
        double setupSeconds = (System.nanoTime() - t0) / 1e9;

        int establishedBefore = brokerHere ? TcpSockets.established(port) : -1;
        MemorySnapshot before = MemorySnapshot.take(brokerMemory);
        Map<String, Object> f = new LinkedHashMap<>();
        Map<String, Object> callbacks = new LinkedHashMap<>();
        DeliveryProbe probe = new DeliveryProbe(context.brokerInternal(), context.internalKey());
        Latencies connectLatency = new Latencies();
        Connected connected;
        int held;
        boolean stayedOpen;
        MemorySnapshot during;
        int establishedHeld;
        int abortedAtClose;
        double closeSeconds;
        try (IdleSockets sockets = new IdleSockets(context.ws(), budget.aim(), HELLO_TIMEOUT)) {
            FunctionsStats stats = context.stats();
            Map<String, Long> callsBefore = stats.read();
            connected = connectAndProbe(sockets, tokens, window, connectLatency, probeAt,
                    count -> callbacks.put(Integer.toString(count), probe.time(sockets.connectionIds(), PROBE_BATCH,
                            PROBE_WARMUP, probeRounds).summary("delivery")));
            AwsCalls calls = AwsCalls.between(callsBefore, stats.read());
            held = sockets.open();
            stayedOpen = Waits.holdWhile(() -> sockets.dropped() == 0, Duration.ofSeconds(holdSeconds));
            establishedHeld = brokerHere ? TcpSockets.established(port) - establishedBefore : -1;
            during = MemorySnapshot.take(brokerMemory);
            f.put("droppedWhileHeld", sockets.dropped());
            f.put("firstDrop", sockets.firstDrop());
            long tc = System.nanoTime();
            abortedAtClose = sockets.closeAll(CLOSE_TIMEOUT);
            if (brokerHere) {
                Waits.until(() -> TcpSockets.established(port) <= establishedBefore + OTHER_CONNECTIONS_SLACK,
                        CLOSE_TIMEOUT, () -> "the broker still holds " + (TcpSockets.established(port)
                                - establishedBefore) + " of the benchmark's connections " + CLOSE_TIMEOUT
                                + " after they were closed");
            }
            closeSeconds = (System.nanoTime() - tc) / 1e9;
            f.put("dynamoWriteRequestsPerConnection", per(calls.dynamoWriteRequests(), connected.succeeded()));
            f.put("awsCallsPerConnection", calls.per(Math.max(1, connected.succeeded())));
        }

        String stopReason = connected.failure() != null ? connected.failure() : budget.limitedBy();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requested", requested);
        out.put("aimed", budget.aim());
        out.put("held", held);
        out.put("stopReason", stopReason);
        out.put("brokerOpenFileLimit", brokerLimit == null ? null : brokerLimit.soft());
        out.put("brokerOpenFileLimitText", brokerLimit == null ? null : brokerLimit.describe());
        out.put("loadGeneratorOpenFileLimit", ownLimit.soft());
        out.put("setupSeconds", round1(setupSeconds));
        out.put("connectSeconds", round1(connected.seconds()));
        out.put("connectPerSecond", Math.round(connected.succeeded() / connected.seconds()));
        out.putAll(connectLatency.summary("connect"));
        out.put("deliveryCallbackByHeld", callbacks);
        out.put("holdSeconds", holdSeconds);
        out.put("stillOpenAfterHold", stayedOpen);
        out.putAll(f);
        out.put("brokerEstablishedWhileHeld", establishedHeld < 0 ? null : establishedHeld);
        out.put("heapBaselineMiB", mib(before.brokerHeapKiB()));
        out.put("heapHeldMiB", mib(during.brokerHeapKiB()));
        Double heapPer = perConnection(before.brokerHeapKiB(), during.brokerHeapKiB(), held);
        out.put("heapPerConnectionKiB", heapPer);
        out.put("rssBaselineMiB", mib(before.brokerRssKiB()));
        out.put("rssHeldMiB", mib(during.brokerRssKiB()));
        out.put("rssPerConnectionKiB", perConnection(before.brokerRssKiB(), during.brokerRssKiB(), held));
        out.put("clientHeapPerConnectionKiB", perConnection(before.clientHeapKiB(), during.clientHeapKiB(), held));
        out.put("clientRssPerConnectionKiB", perConnection(before.clientRssKiB(), during.clientRssKiB(), held));
        out.put("closeSeconds", round1(closeSeconds));
        out.put("abortedAtClose", abortedAtClose);
        if (brokerMemory == null) {
            out.put("note", "broker memory and open-file limit not measured: the benchmark did not start the "
                    + "broker, so it does not know its process");
        }
        boolean met = held >= TARGET_CONNECTIONS && stayedOpen && heapPer != null && heapPer < TARGET_HEAP_KIB;
        String headline = String.format("held %,d of %,d%s; %,d connects/s; broker heap %s KiB, RSS %s KiB per "
                        + "connection", held, requested, stopReason == null ? "" : " (" + shortReason(stopReason) + ")",
                Math.round(connected.succeeded() / connected.seconds()), heapPer,
                out.get("rssPerConnectionKiB"));
        callbacks.forEach((count, summary) -> System.out.printf("  delivery callback (%d connections each) at %,d "
                + "held: p50 %s ms, p99 %s ms%n", PROBE_BATCH, Integer.parseInt(count),
                ((Map<?, ?>) summary).get("deliveryP50Ms"), ((Map<?, ?>) summary).get("deliveryP99Ms")));
        return new ScenarioResult(name(), out, headline, "≥ 50,000 idle per broker, < 20 KiB heap each", met);
    }

    /** What the connect phase achieved; {@code failure} is the first connection that failed, if one did. */
    record Connected(int succeeded, double seconds, String failure) {
    }

    /** What is measured each time the connections held reach a probe point. */
    @FunctionalInterface
    interface Probe {
        void at(int held) throws Exception;
    }

    /**
     * Opens the connections in stages, ending one at each probe point below the total, and runs the probe at the end
     * of every stage (the last one included) with the connections then held.
     */
    static Connected connectAndProbe(IdleSockets sockets, String[] tokens, int window, Latencies latency,
            List<Integer> probeAt, Probe probe) throws Exception {
        List<Integer> stops = new ArrayList<>(probeAt.stream().filter(p -> p < tokens.length).toList());
        stops.add(tokens.length);
        int from = 0;
        int succeeded = 0;
        double seconds = 0;
        for (int stop : stops) {
            Connected stage = connect(sockets, tokens, from, stop, window, latency);
            succeeded += stage.succeeded();
            seconds += stage.seconds();
            from = stop;
            if (stage.failure() != null) {
                return new Connected(succeeded, seconds, stage.failure());
            }
            probe.at(sockets.open());
        }
        return new Connected(succeeded, seconds, null);
    }

    static List<Integer> probePoints(String list) {
        List<Integer> out = new ArrayList<>();
        for (String p : list.split(",")) {
            if (!p.isBlank()) {
                out.add(Integer.parseInt(p.trim()));
            }
        }
        return out.stream().sorted().distinct().toList();
    }

    /**
     * Opens connections {@code from} to {@code to} (indexes into {@code tokens}) with at most {@code window} attempts
     * in flight and stops starting new ones at the first failure (a broker or a machine at its limit only gets worse
     * from there). Tokens are dropped once used.
     */
    static Connected connect(IdleSockets sockets, String[] tokens, int from, int to, int window, Latencies latency)
            throws InterruptedException {
        Semaphore slots = new Semaphore(window);
        AtomicReference<String> failure = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger succeeded = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        for (int i = from; i < to && failure.get() == null; i++) {
            slots.acquire();
            if (failure.get() != null) {
                slots.release();
                break;
            }
            int n = i;
            long t = System.nanoTime();
            String token = tokens[i];
            tokens[i] = null;
            sockets.open(i, token).whenComplete((v, e) -> {
                if (e == null) {
                    latency.recordNanos(System.nanoTime() - t);
                    succeeded.incrementAndGet();
                } else {
                    failure.compareAndSet(null, "connection " + (n + 1) + " failed: " + describe(e));
                }
                slots.release();
            });
        }
        // Every attempt ends within its hello timeout, so this wait is bounded.
        if (!slots.tryAcquire(window, HELLO_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
            throw new BenchFailure("connection attempts still pending " + HELLO_TIMEOUT + " after the last start");
        }
        return new Connected(succeeded.get(), Math.max(1e-9, (System.nanoTime() - start) / 1e9), failure.get());
    }

    static String describe(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof TimeoutException) {
            return "no hello within " + HELLO_TIMEOUT.toSeconds() + " s";
        }
        if (c instanceof WebSocketHandshakeException h) {
            return "upgrade refused with HTTP " + h.getResponse().statusCode()
                    + h.getResponse().headers().firstValue("X-Chat-Error").map(x -> " " + x).orElse("");
        }
        return c.toString();
    }

    private static String shortReason(String reason) {
        int colon = reason.indexOf(':');
        return colon > 0 ? reason.substring(0, colon) : reason;
    }

    private static Double perConnection(Long before, Long after, int held) {
        return before == null || after == null || held == 0 ? null : round1((after - before) / (double) held);
    }

    private static Double per(long total, int units) {
        return units == 0 ? null : AwsCalls.round(total / (double) units);
    }

    private static Double mib(Long kib) {
        return kib == null ? null : round1(kib / 1024.0);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
