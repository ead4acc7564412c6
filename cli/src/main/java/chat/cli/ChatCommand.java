package chat.cli;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.ConversationInbox;
import chat.client.store.LocalStore;
import chat.client.KeyNotice;
import chat.client.OutgoingMessage;
import chat.client.UndecryptableMessage;
import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.ConversationSummary;
import chat.model.frames.FrameCodec;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MemberView;
import chat.model.frames.MembersFrame;
import chat.model.frames.PresenceFrame;
import chat.model.frames.PresenceListFrame;
import chat.model.frames.PresenceView;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.ServerFrame;
import chat.model.frames.SubscribePresenceFrame;
import chat.model.frames.TypingFrame;
import chat.model.frames.TypingNoticeFrame;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "chat", description = {"Open a conversation: its recent messages, then new ones as they arrive; "
        + "type a line and press Enter to send it; /quit or Ctrl-D leaves.",
        "Your messages show … sending, ✓ sent, ✓✓ delivered, ✓✓ read; the header shows the peer's presence, and "
                + "who is typing shows above the input line. Messages shown here are acked read.",
        "A live session, like watch: one-shot commands of this profile run through it meanwhile."})
final class ChatCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Parameters(index = "0", paramLabel = "WITH", description = "@handle, user id or conversation id (a group's g…)")
    String with;

    @Option(names = "--history", defaultValue = "20", paramLabel = "N",
            description = "how many recent messages to show first (default ${DEFAULT-VALUE})")
    int historySize;

    @Option(names = "--plain", description = "line mode even on a terminal: no redraw, no typing indicator sent")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        ProfileStore store = root.store();
        Profile profile = store.require();
        Names names = root.names(profile);
        String target = Targets.resolve(with, profile, root.httpApi(), names);
        boolean group = Ids.CONVERSATION_ID.matcher(target).matches()
                && !Ids.isDirect(target);
        String conversationId = Ids.CONVERSATION_ID.matcher(target).matches() ? target
                : Ids.directConversationId(profile.userId(), target);
        String sendTo = Ids.isDirect(conversationId) ? peerOf(conversationId, profile.userId()) : conversationId;
        PrintWriter out = root.spec.commandLine().getOut();
        ChatTranscript transcript = new ChatTranscript(conversationId, profile, names,
                group ? conversationId : names.handle(sendTo), System::currentTimeMillis);
        AtomicReference<CliException> fatal = new AtomicReference<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();

        AtomicReference<ChatTerminal> screenRef = new AtomicReference<>();
        Runnable redraw = () -> {
            ChatTerminal t = screenRef.get();
            if (t != null) {
                t.render(transcript.snapshot());
            }
        };
        AtomicReference<ChatDevice> deviceRef = new AtomicReference<>();
        ChatDevice device = root.device(profile) // syncs from the local store's cursors
                .autoAckDelivered(true)
                .autoAckRead(false)
                .listener(new ChatDevice.Listener() {
                    @Override
                    public void onMessage(ChatMessage m) {
                        if (transcript.add(m)) {
                            deviceRef.get().markRead(conversationId, transcript.lastSeq()); // on screen: read
                            redraw.run();
                            if (!transcript.knowsPresence()) {
                                subscribePresence(deviceRef.get(), conversationId, group, sendTo, transcript, redraw);
                            }
                        }
                    }

                    @Override
                    public void onUndecryptable(UndecryptableMessage u) {
                        if (transcript.undecryptable(u)) {
                            redraw.run();
                        }
                    }

                    @Override
                    public void onKeyNotice(KeyNotice n) {
                        if (n.conversationId().equals(conversationId)
                                && transcript.notice(MessagePrinter.keyNotice(n, names))) {
                            redraw.run();
                        }
                    }

                    @Override
                    public void onOutgoing(OutgoingMessage m) {
                        if (transcript.outgoing(m)) {
                            redraw.run();
                            if (m.state().stored() && !transcript.knowsPresence()) {
                                // the first message created the direct chat: presence may be asked for now
                                subscribePresence(deviceRef.get(), conversationId, group, sendTo, transcript, redraw);
                            }
                        }
                    }

                    @Override
                    public void onReceipt(ReceiptFrame r) {
                        if (r.conversationId().equals(conversationId) && !profile.userId().equals(r.userId())
                                && transcript.peerCursors(r.delivered(), r.read())) {
                            redraw.run();
                        }
                    }

                    @Override
                    public void onGroupReceipt(GroupReceiptFrame r) {
                        if (r.conversationId().equals(conversationId)
                                && transcript.peerCursors(r.deliveredToAll(), r.readByAll())) {
                            redraw.run();
                        }
                    }

                    @Override
                    public void onFrame(ServerFrame f) {
                        boolean changed = false;
                        if (f instanceof TypingNoticeFrame t && t.conversationId().equals(conversationId)) {
                            changed = transcript.typing(t.userId(), t.typing(), t.expiresInMs());
                        } else if (f instanceof PresenceFrame p) {
                            changed = transcript.presence(new PresenceView(p.userId(), p.online(), p.lastSeen()));
                        }
                        if (changed) {
                            redraw.run();
                        }
                    }

                    @Override
                    public void onState(ChatDevice.State state, String detail) {
                        if (state == ChatDevice.State.ONLINE) {
                            subscribePresence(deviceRef.get(), conversationId, group, sendTo, transcript, redraw);
                        } else if (state == ChatDevice.State.DISPLACED || state == ChatDevice.State.FAILED) {
                            fatal.compareAndSet(null, new CliException(state.name(), detail));
                            ended.complete(null);
                        }
                    }
                })
                .build();
        deviceRef.set(device);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-screen-tick");
            t.setDaemon(true);
            return t;
        });
        TypingSignal typing = new TypingSignal(on -> device.connection().ifPresent(c -> c.sendRaw(
                FrameCodec.encode(new TypingFrame(null, conversationId, on)))), System::currentTimeMillis);
        try (SessionServer server = SessionServer.start(ProfileFiles.of(store),
                new LiveSession(device, store, root.localStore()))) {
            device.start().get();
            showRecent(device, root.localStore(), conversationId, transcript);
            ChatTerminal screen = plain ? null : RawChatTerminal.open().orElse(null);
            if (screen == null) {
                screen = new PlainChatTerminal(System.in, out);
            }
            try (ChatTerminal terminal = screen) {
                screenRef.set(terminal);
                redraw.run();
                ticker.scheduleWithFixedDelay(() -> {
                    typing.tick();
                    if (transcript.expire()) {
                        redraw.run();
                    }
                }, 250, 250, TimeUnit.MILLISECONDS);
                loop(terminal, device, sendTo, typing, ended);
            }
        } finally {
            ticker.shutdownNow();
            typing.stop();
            saveCursor(store, conversationId, device.inbox());
            device.close();
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        return 0;
    }

    private static void loop(ChatTerminal terminal, ChatDevice device, String sendTo, TypingSignal typing,
            CompletableFuture<Void> ended) throws Exception {
        while (!ended.isDone()) {
            ChatTerminal.Input in = terminal.read();
            switch (in.kind()) {
                case END -> {
                    return;
                }
                case DRAFT -> typing.draft(in.text());
                case LINE -> {
                    String text = in.text().strip();
                    if (text.equals("/quit")) {
                        return;
                    }
                    typing.stop();
                    if (!text.isEmpty()) {
                        device.sendText(sendTo, text); // marks follow through onOutgoing and the receipts
                    }
                }
            }
        }
    }

    /**
     * The last page of the conversation (from the local store when it holds the whole page, else asked for) and
     * the other side's cursors (for the marks of one's own messages).
     */
    private void showRecent(ChatDevice device, LocalStore store, String conversationId, ChatTranscript transcript)
            throws Exception {
        int size = Math.max(1, Math.min(historySize, 500));
        Optional<StoredPages.Page> local = StoredPages.latest(store, conversationId, size);
        if (local.isPresent()) {
            local.get().messages().forEach(transcript::add);
        } else {
            try {
                HistoryPageFrame page = device.history(conversationId, null, size).get(10, TimeUnit.SECONDS);
                StoredPages.withStoredCopies(store, page.messages()).forEach(transcript::add);
            } catch (Exception e) {
                // a direct chat nobody wrote in yet has no history
            }
        }
        for (ConversationSummary s : device.conversations().get(10, TimeUnit.SECONDS).conversations()) {
            if (s.conversationId().equals(conversationId)) {
                transcript.name(s.name());
                transcript.peerCursors(first(s.peerDelivered(), s.deliveredToAll()), first(s.peerRead(), s.readByAll()));
            }
        }
        if (transcript.lastSeq() > 0) {
            device.markRead(conversationId, transcript.lastSeq());
        }
    }

    /** Presence of the peer (or the group's members); asked again after every reconnect, as subscriptions end. */
    private static void subscribePresence(ChatDevice device, String conversationId, boolean group, String peer,
            ChatTranscript transcript, Runnable redraw) {
        ChatConnection c = device.connection().orElse(null);
        if (c == null) {
            return;
        }
        CompletableFuture<List<String>> who = group
                ? c.request(new MembersFrame(c.newReqId(), conversationId), MemberListFrame.class)
                        .thenApply(l -> l.members().stream().map(MemberView::userId).limit(256).toList())
                : CompletableFuture.completedFuture(List.of(peer));
        who.thenCompose(ids -> c.request(new SubscribePresenceFrame(c.newReqId(), ids), PresenceListFrame.class))
                .thenAccept(list -> {
                    boolean changed = false;
                    for (PresenceView p : list.presences()) {
                        changed |= transcript.presence(p);
                    }
                    if (changed) {
                        redraw.run();
                    }
                });
    }

    /** Keeps what this chat showed as shown, so the next watch does not print it again. */
    private static void saveCursor(ProfileStore store, String conversationId, ConversationInbox inbox) {
        long shown = inbox.contiguous(conversationId);
        store.load().ifPresent(p -> {
            if (shown > p.cursors().getOrDefault(conversationId, 0L)) {
                Map<String, Long> cursors = new HashMap<>(p.cursors());
                cursors.put(conversationId, shown);
                store.save(p.withCursors(cursors));
            }
        });
    }

    private static long first(Long a, Long b) {
        return a != null ? a : b != null ? b : 0;
    }

    private static String peerOf(String directConversationId, String me) {
        String[] members = Ids.directMembers(directConversationId);
        return members[0].equals(me) ? members[1] : members[0];
    }
}
