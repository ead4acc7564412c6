package chat.cli;

import chat.client.ChatDevice;
import chat.client.ChatDeviceBuilder;
import chat.client.ConversationInbox;
import chat.client.KeyNotice;
import chat.client.UndecryptableMessage;
import chat.client.store.LocalStore;
import chat.client.store.StoredMessage;
import chat.model.frames.ChatMessage;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.ReceiptFrame;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "watch", description = {"Connect, catch up, and print each incoming message in order; ack them "
        + "delivered and read; print the receipts other members send.",
        "Shown positions are kept in the profile, so the next watch starts after them (--all: from the start).",
        "Messages are kept in the profile's local store: a restart first shows those received but not shown yet, "
                + "from the store, then syncs only what is newer than the store has.",
        "A live session: one-shot commands of this profile (send, conversations, history, group) run through it "
                + "meanwhile instead of taking its connection away."})
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Option(names = "--all", description = "ignore the positions saved in the profile and print everything")
    boolean all;

    @Option(names = "--count", paramLabel = "N",
            description = "exit once at least N readable messages were printed (a batch is printed whole; messages"
                    + " this device cannot decrypt are printed as such and not counted)")
    int count;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "exit after this many seconds")
    double timeoutSeconds;

    @Option(names = "--no-read", description = "ack messages as delivered only, not as read")
    boolean noRead;

    private final Object saveLock = new Object();

    @Override
    public Integer call() throws Exception {
        ProfileStore store = root.store();
        Profile profile = store.require();
        PrintWriter out = root.spec.commandLine().getOut();
        PrintWriter err = root.spec.commandLine().getErr();
        Names names = root.names(profile);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger shown = new AtomicInteger();
        AtomicReference<CliException> fatal = new AtomicReference<>();

        ChatDeviceBuilder builder = root.device(profile);
        if (all) {
            builder.inbox(new ConversationInbox()); // from seq 1, not from the store's cursors
        }
        ChatDevice device = builder
                .autoAckDelivered(true)
                .autoAckRead(!noRead)
                .listener(new ChatDevice.Listener() {
                    @Override
                    public void onMessage(ChatMessage m) {
                        out.println(MessagePrinter.format(m, names));
                        if (count > 0 && shown.incrementAndGet() >= count) {
                            finished.countDown();
                        }
                    }

                    @Override
                    public void onUndecryptable(UndecryptableMessage u) {
                        out.println(MessagePrinter.undecryptable(u, names)); // not counted: nothing to read
                    }

                    @Override
                    public void onKeyNotice(KeyNotice n) {
                        err.println(MessagePrinter.keyNotice(n, names));
                    }

                    @Override
                    public void onReceipt(ReceiptFrame r) {
                        if (r.userId() != null && r.userId().equals(profile.userId())) {
                            return; // this user on another device
                        }
                        out.println("[" + r.conversationId() + "] " + names.handle(r.userId())
                                + " has received up to seq " + r.delivered() + ", read up to seq " + r.read());
                    }

                    @Override
                    public void onGroupReceipt(GroupReceiptFrame r) {
                        out.println("[" + r.conversationId() + "] everyone has received up to seq "
                                + r.deliveredToAll() + ", read up to seq " + r.readByAll());
                    }

                    @Override
                    public void onState(ChatDevice.State state, String detail) {
                        err.println("-- " + state.name().toLowerCase() + (detail == null || detail.isEmpty()
                                ? "" : ": " + detail));
                        if (state == ChatDevice.State.DISPLACED || state == ChatDevice.State.FAILED) {
                            fatal.compareAndSet(null, new CliException(state.name(), detail));
                            finished.countDown();
                        }
                    }
                })
                .build();

        ConversationInbox inbox = device.inbox();
        Map<String, Long> backlog = all ? Map.of() : showStored(root.localStore(), profile.cursors(), names, out, err,
                shown);
        if (count > 0 && shown.get() >= count) {
            finished.countDown();
        }

        // One-shot commands of this profile run through this device meanwhile instead of displacing it.
        SessionServer server = SessionServer.start(ProfileFiles.of(store),
                new LiveSession(device, store, root.localStore()));
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                server.close();
                waitForAcks(device);
                save(store, inbox);
                device.close();
            }
        };
        Thread hook = new Thread(stop, "chat-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-watch-save");
            t.setDaemon(true);
            return t;
        });
        try {
            device.start().get();
            backlog.forEach(noRead ? device::markDelivered : device::markRead); // now shown
            saver.scheduleWithFixedDelay(() -> save(store, inbox), 2, 2, TimeUnit.SECONDS);
            if (timeoutSeconds > 0) {
                finished.await((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            } else {
                finished.await();
            }
        } finally {
            saver.shutdownNow();
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        return 0;
    }

    /**
     * Prints what the store received but no watch has shown yet (seq above the profile's shown position, up to the
     * store's sync cursor), oldest conversation first; returns conversation → last seq printed.
     */
    private static Map<String, Long> showStored(LocalStore store, Map<String, Long> shownUpTo, Names names,
            PrintWriter out, PrintWriter err, AtomicInteger shown) {
        Map<String, Long> printed = new TreeMap<>();
        List<StoredMessage> backlog = new ArrayList<>();
        store.cursors().synced().forEach((conversationId, synced) -> {
            List<StoredMessage> unseen = store.messages().between(conversationId,
                    shownUpTo.getOrDefault(conversationId, 0L), synced);
            if (!unseen.isEmpty()) {
                backlog.addAll(unseen);
                printed.put(conversationId, unseen.get(unseen.size() - 1).seq());
            }
        });
        backlog.sort(Comparator.comparingLong(StoredMessage::serverTime).thenComparing(StoredMessage::conversationId)
                .thenComparingLong(StoredMessage::seq));
        names.resolve(backlog.stream().flatMap(m -> MessagePrinter.people(m.toChatMessage()).stream()).toList());
        for (StoredMessage m : backlog) {
            out.println(MessagePrinter.format(m.toChatMessage(), names));
            shown.incrementAndGet();
        }
        if (!backlog.isEmpty()) {
            err.println("-- " + backlog.size() + " message" + (backlog.size() == 1 ? "" : "s")
                    + " from the local store (" + store.file() + "); syncing what is newer");
        }
        return printed;
    }

    private static void waitForAcks(ChatDevice device) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!device.acks().idle() && device.state() == ChatDevice.State.ONLINE && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stores the shown positions (re-reading the profile, so contacts added meanwhile are kept). */
    private void save(ProfileStore store, ConversationInbox inbox) {
        synchronized (saveLock) {
            Map<String, Long> cursors = inbox.cursors();
            store.load().ifPresent(p -> {
                if (!p.cursors().equals(cursors)) {
                    Map<String, Long> merged = new java.util.HashMap<>(p.cursors());
                    cursors.forEach((k, v) -> merged.merge(k, v, Math::max));
                    store.save(p.withCursors(merged));
                }
            });
        }
    }
}
