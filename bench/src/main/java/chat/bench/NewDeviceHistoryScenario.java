package chat.bench;

import chat.bench.BenchAccounts.Account;
import chat.client.ChatDevice;
import chat.client.EndToEndKeys;
import chat.client.LinkCode;
import chat.client.MessageState;
import chat.client.OutgoingMessage;
import chat.client.UndecryptableMessage;
import chat.client.store.LocalStore;
import chat.e2ee.group.GroupSessionBuilder;
import chat.e2ee.messaging.SenderKeyRotation;
import chat.model.auth.DeviceCredential;
import chat.model.frames.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole history on a new device (end-to-end encrypted): alice sends bob N messages; bob's first device holds
 * alice's Sender Key and approves bob's new device, handing it the keys from their chains' start; the time from the
 * new device's start until it shows all N messages, decrypted from the server's own store, each once and in order.
 */
final class NewDeviceHistoryScenario implements Scenario {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final double TARGET_MS = 30_000;

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String summary() {
        return "a newly linked device opens a conversation's whole encrypted history from the server's store";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("history-messages", "10000", "messages in the history"),
                new Option("history-in-flight", "64", "sends alice keeps in flight while filling it"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        int total = args.integer("history-messages", 10_000);
        int inFlight = args.integer("history-in-flight", 64);
        if (total < 1 || inFlight < 1) {
            throw new IllegalArgumentException("need history-messages >= 1 and history-in-flight >= 1");
        }
        BenchAccounts accounts = context.accounts();
        Account alice = accounts.register("halice");
        Account bob = accounts.register("hbob");
        Path dir = Files.createTempDirectory("chat-bench-history");
        try (LocalStore aliceStore = LocalStore.open(dir.resolve("alice"));
                LocalStore laptopStore = LocalStore.open(dir.resolve("laptop"));
                LocalStore phoneStore = LocalStore.open(dir.resolve("phone"))) {
            EndToEndKeys.publish(accounts.http(), alice.credential(), alice.userId(), aliceStore.e2ee());
            EndToEndKeys.publish(accounts.http(), bob.credential(), bob.userId(), laptopStore.e2ee());
            long sendStart = System.nanoTime();
            try (ChatDevice sender = device(context, alice, aliceStore).build()) {
                sender.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                fill(sender, bob.userId(), total, inFlight);
            }
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;

            Account phone = accounts.addDevice(bob, "phone");
            if (EndToEndKeys.publish(accounts.http(), phone.credential(), bob.userId(), phoneStore.e2ee())
                    != EndToEndKeys.Result.NOT_APPROVED) {
                throw new BenchFailure("bob's second device made an identity of its own instead of waiting");
            }
            LinkCode code = EndToEndKeys.linkCode(phoneStore.e2ee(),
                    DeviceCredential.parse(phone.credential()).deviceId()).orElseThrow();
            try (ChatDevice laptop = device(context, bob, laptopStore).syncOnConnect(false).build()) {
                laptop.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                // alice started a new key every maxMessages messages: bob's laptop must hold them all to hand over
                int chains = (total + SenderKeyRotation.DEFAULT.maxMessages() - 1)
                        / SenderKeyRotation.DEFAULT.maxMessages();
                Waits.until(() -> chainsHeld(laptopStore) >= chains, TIMEOUT,
                        () -> "bob's first device holds " + chainsHeld(laptopStore) + " of alice's " + chains
                                + " Sender Keys");
                laptop.approve(code).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }

            CountDownLatch shown = new CountDownLatch(total);
            AtomicInteger unreadable = new AtomicInteger();
            AtomicLong lastSeq = new AtomicLong();
            AtomicInteger outOfOrder = new AtomicInteger();
            long start = System.nanoTime();
            try (ChatDevice newDevice = device(context, phone, phoneStore).listener(new ChatDevice.Listener() {
                @Override
                public void onMessage(ChatMessage m) {
                    if (m.seq() != lastSeq.get() + 1) {
                        outOfOrder.incrementAndGet();
                    }
                    lastSeq.set(m.seq());
                    shown.countDown();
                }

                @Override
                public void onUndecryptable(UndecryptableMessage m) {
                    if (!m.waiting()) {
                        unreadable.incrementAndGet();
                    }
                }
            }).build()) {
                newDevice.start();
                if (!shown.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new BenchFailure("the new device shows " + (total - shown.getCount()) + " of " + total
                            + " messages after " + TIMEOUT.toMinutes() + " min");
                }
            }
            double ms = (System.nanoTime() - start) / 1e6;
            if (outOfOrder.get() > 0 || unreadable.get() > 0 || lastSeq.get() != total) {
                throw new BenchFailure("the new device showed " + outOfOrder.get() + " out of order, "
                        + unreadable.get() + " undecryptable, last seq " + lastSeq.get() + " of " + total);
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("messages", total);
            f.put("fillSeconds", AwsCalls.round(sendSeconds));
            f.put("startToAllShownMs", Math.round(ms));
            f.put("messagesPerSecond", Math.round(total / (ms / 1000)));
            String headline = String.format("a new device shows %d encrypted messages of its history in %.1f s"
                    + " (%.0f per s)", total, ms / 1000, total / (ms / 1000));
            return new ScenarioResult(name(), f, headline, "< " + (int) (TARGET_MS / 1000) + " s", ms < TARGET_MS);
        }
    }

    private static int chainsHeld(LocalStore store) {
        GroupSessionBuilder builder = new GroupSessionBuilder(store.e2ee(), new SecureRandom());
        return store.e2ee().senderKeyNames().stream().mapToInt(name -> builder.fromTheStart(name).size()).sum();
    }

    private static chat.client.ChatDeviceBuilder device(BenchContext context, Account account, LocalStore store) {
        return ChatDevice.builder(context.ws(), account.credential()).api(context.accounts().http())
                .store(store.deviceStore()).endToEnd(store.e2ee());
    }

    /** Sends {@code total} texts to {@code to}, {@code inFlight} at a time; every one must be stored. */
    private static void fill(ChatDevice sender, String to, int total, int inFlight) throws Exception {
        Semaphore window = new Semaphore(inFlight);
        List<CompletableFuture<OutgoingMessage>> sent = new ArrayList<>(total);
        for (int i = 1; i <= total; i++) {
            window.acquire();
            sent.add(sender.sendText(to, "history message " + i + " of " + total)
                    .whenComplete((m, e) -> window.release()));
        }
        for (CompletableFuture<OutgoingMessage> f : sent) {
            if (f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).state() == MessageState.FAILED) {
                throw new BenchFailure("a history message failed: " + f.get().failure());
            }
        }
    }
}
