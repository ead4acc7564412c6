package chat.e2e;

import static org.awaitility.Awaitility.await;

import chat.client.ChatDevice;
import chat.client.ChatDeviceBuilder;
import chat.client.ChatHttpApi;
import chat.model.frames.CreateGroupFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The people of a fault test and their conversations: alice (phone and laptop), bob, carol and dave, each device a
 * {@link ChatDevice} that fails over along both brokers (half start on each), all recorded by one {@link Ledger}.
 * Conversations: alice–bob, carol–dave, and a group of all four. {@link #underLoad} runs a fault in the middle of
 * steady traffic from every device and returns the ledger's counts once everything settled.
 */
final class Cast implements AutoCloseable {
    /** Steady traffic: messages per second per device (5 devices); under the per-device frame limit with acks. */
    static final double RATE = 2;
    /** Longest wait for the system to settle after the load: beyond the resend budget and SQS's redelivery. */
    static final Duration SETTLE = Duration.ofSeconds(90);

    final ChatSystem system;
    final Ledger ledger;
    final TestUsers users;
    final Map<String, TestUsers.User> people = new LinkedHashMap<>();
    final Map<String, ChatDevice> devices = new LinkedHashMap<>();
    String aliceBob;
    String carolDave;
    String group;

    private Cast(ChatSystem system, Ledger ledger) {
        this.system = system;
        this.ledger = ledger;
        this.users = new TestUsers(system.api(0), system.ws(0));
    }

    static Cast assemble(ChatSystem system, String fault) throws Exception {
        Cast cast = new Cast(system, new Ledger(fault));
        cast.setUp();
        return cast;
    }

    private void setUp() throws Exception {
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            people.put(name, users.register(name));
        }
        TestUsers.Device laptop = users.addDevice(people.get("alice").handle(), "laptop");
        connect("alice-phone", people.get("alice").device(), 0, b -> b);
        connect("alice-laptop", laptop, 1, b -> b);
        connect("bob", people.get("bob").device(), 1, b -> b);
        connect("carol", people.get("carol").device(), 0, b -> b);
        connect("dave", people.get("dave").device(), 1, b -> b);

        aliceBob = hello("alice-phone", people.get("bob").userId());
        carolDave = hello("carol", people.get("dave").userId());
        SentFrame created = devices.get("alice-phone").connection().orElseThrow().request(new CreateGroupFrame(
                "g-" + UUID.randomUUID(), UUID.randomUUID().toString(), "Everyone", List.of(
                        people.get("bob").userId(), people.get("carol").userId(), people.get("dave").userId())),
                SentFrame.class).get(30, TimeUnit.SECONDS);
        group = created.conversationId();
        ledger.expect(aliceBob, List.of("alice-phone", "alice-laptop", "bob"));
        ledger.expect(carolDave, List.of("carol", "dave"));
        ledger.expect(group, List.copyOf(devices.keySet()));
    }

    /** Starts a device that connects to broker {@code broker} first and fails over to the other. */
    ChatDevice connect(String name, TestUsers.Device device, int broker,
            UnaryOperator<ChatDeviceBuilder> tweak) throws Exception {
        return connect(name, device, system.wsFrom(broker), tweak);
    }

    ChatDevice connect(String name, TestUsers.Device device, List<java.net.URI> brokers,
            UnaryOperator<ChatDeviceBuilder> tweak) throws Exception {
        ChatDevice d = tweak.apply(ChatDevice.builder(brokers, device.credential())
                .api(new ChatHttpApi(system.api(devices.size() % 2)))
                .listener(ledger.listener(name))).build();
        devices.put(name, d);
        d.start().get(30, TimeUnit.SECONDS);
        return d;
    }

    private String hello(String from, String toUserId) throws Exception {
        return devices.get(from).send(toUserId, ("hello from " + from).getBytes(StandardCharsets.UTF_8))
                .get(30, TimeUnit.SECONDS).conversationId();
    }

    List<SteadyLoad.Sender> senders() {
        return List.of(
                new SteadyLoad.Sender("alice-phone", devices.get("alice-phone"), List.of(aliceBob, group)),
                new SteadyLoad.Sender("alice-laptop", devices.get("alice-laptop"), List.of(group, aliceBob)),
                new SteadyLoad.Sender("bob", devices.get("bob"), List.of(aliceBob, group)),
                new SteadyLoad.Sender("carol", devices.get("carol"), List.of(carolDave, group)),
                new SteadyLoad.Sender("dave", devices.get("dave"), List.of(group, carolDave)));
    }

    /** Something done to the system while the load runs. */
    @FunctionalInterface
    interface Fault {
        void inject() throws Exception;
    }

    /**
     * Steady load for {@code before}, the fault, steady load for {@code after}, then waits until every message is
     * SENT and shown everywhere (or {@link #SETTLE} passed). Prints and returns the counts.
     */
    Ledger.Counts underLoad(Duration before, Fault fault, Duration after) throws Exception {
        List<SteadyLoad.Sender> senders = senders();
        try (SteadyLoad load = new SteadyLoad(senders, RATE).start()) {
            int perSecond = (int) (RATE * senders.size());
            await().atMost(before.plusSeconds(30)).until(() -> load.submitted() >= perSecond * before.toSeconds());
            fault.inject();
            int target = load.submitted() + (int) (perSecond * after.toSeconds());
            await().atMost(after.plusSeconds(30)).until(() -> load.submitted() >= target);
        }
        return settle();
    }

    /** Waits until nothing is pending and every device shows everything, then prints the counts. */
    Ledger.Counts settle() {
        List<ChatDevice> all = new ArrayList<>(devices.values());
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .until(() -> all.stream().allMatch(d -> d.outbox().pending() == 0) && ledger.complete());
        } catch (ConditionTimeoutException e) {
            System.out.println("not settled after " + SETTLE + ": " + ledger.behind().stream().limit(20).toList());
        }
        Ledger.Counts counts = ledger.counts();
        System.out.println(counts.line());
        System.out.println("  error frames by code: " + ledger.refusals());
        if (counts.failed() > 0) {
            System.out.println("  failures: " + ledger.failures());
        }
        return counts;
    }

    @Override
    public void close() {
        devices.values().forEach(ChatDevice::close);
    }
}
