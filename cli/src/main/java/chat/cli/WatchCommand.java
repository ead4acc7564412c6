package chat.cli;

import chat.client.ChatDevice;
import chat.client.ConversationInbox;
import chat.model.frames.ChatMessage;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.ReceiptFrame;
import java.io.PrintWriter;
import java.util.Map;
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
        "A live session: one-shot commands of this profile (send, conversations, history, group) run through it "
                + "meanwhile instead of taking its connection away."})
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Option(names = "--all", description = "ignore the positions saved in the profile and print everything")
    boolean all;

    @Option(names = "--count", paramLabel = "N",
            description = "exit once at least N messages were printed (a batch is printed whole)")
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
        Names names = root.names(store, profile);
        ConversationInbox inbox = all ? new ConversationInbox() : ConversationInbox.withCursors(profile.cursors());
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger shown = new AtomicInteger();
        AtomicReference<CliException> fatal = new AtomicReference<>();

        ChatDevice device = root.device(profile)
                .inbox(inbox)
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

        // One-shot commands of this profile run through this device meanwhile instead of displacing it.
        SessionServer server = SessionServer.start(ProfileFiles.of(store), new LiveSession(device, store));
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
