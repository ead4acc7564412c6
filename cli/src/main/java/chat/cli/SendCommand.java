package chat.cli;

import chat.client.ChatDevice;
import chat.client.KeyNotice;
import chat.client.MessageState;
import chat.client.OutgoingMessage;
import chat.model.Ids;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MembersFrame;
import chat.model.frames.SendFrame;
import chat.client.media.AttachmentSender;
import chat.e2ee.content.ChatContent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "send", description = {"Send a text message or a file; print SENT, then DELIVERED/READ as receipts "
        + "arrive.", "A file is encrypted on this device and uploaded in parts; sending the same file again after a "
        + "break resumes its upload."})
final class SendCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Parameters(index = "0", paramLabel = "TO", description = "@handle, user id or conversation id")
    String to;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "TEXT",
            description = "the message (words are joined); with --file, its caption (optional)")
    List<String> words;

    @Option(names = "--file", paramLabel = "PATH",
            description = "attach this file (up to 100 MB): photo, video, voice note or document")
    Path file;

    @Option(names = "--wait", defaultValue = "5", paramLabel = "SECONDS",
            description = "how long to wait for DELIVERED/READ after SENT (default ${DEFAULT-VALUE})")
    double waitSeconds;

    @Option(names = "--attempts", defaultValue = "12", paramLabel = "N",
            description = "send attempts before giving up; resends reuse the message's id, wait with exponential "
                    + "backoff and jitter (200 ms doubling to 5 s) and stop after 60 s (default ${DEFAULT-VALUE})")
    int attempts;

    @Override
    public Integer call() throws Exception {
        ProfileStore store = root.store();
        Profile profile = store.require();
        Names names = root.names(profile);
        String text = words == null || words.isEmpty() ? null : String.join(" ", words);
        if (text == null && file == null) {
            throw new CliException("MISSING_FIELD", "give the message's text, or a file with --file");
        }
        String target = Targets.resolve(to, profile, root.httpApi(), names);
        String clientMsgId = UUID.randomUUID().toString();
        boolean toConversation = Ids.CONVERSATION_ID.matcher(target).matches();
        PrintWriter out = root.spec.commandLine().getOut();
        byte[] body;
        AttachmentSender.Prepared attached = null;
        if (file == null) {
            body = text.getBytes(StandardCharsets.UTF_8);
        } else {
            String conversationId = toConversation ? target : Ids.directConversationId(profile.userId(), target);
            attached = Attach.upload(root, profile, conversationId, file);
            out.println(Attach.uploadedLine(attached));
            body = new ChatContent(text, List.of(attached.pointer())).encode();
        }
        new SendFrame(null, toConversation ? target : null, toConversation ? null : target, clientMsgId,
                Base64.getEncoder().encodeToString(body)); // refuses bad input before connecting

        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<MessageState> last = new AtomicReference<>();
        PrintWriter err = root.spec.commandLine().getErr();
        ChatDevice.Listener listener = new ChatDevice.Listener() {
            @Override
            public void onKeyNotice(KeyNotice n) {
                err.println(MessagePrinter.keyNotice(n, names));
            }

            @Override
            public void onOutgoing(OutgoingMessage m) {
                if (!m.clientMsgId().equals(clientMsgId)) {
                    return;
                }
                last.set(m.state());
                switch (m.state()) {
                    case SENT -> out.println("SENT " + m.conversationId() + " seq=" + m.seq()
                            + (m.duplicate() ? " (duplicate)" : ""));
                    case DELIVERED -> out.println("DELIVERED seq=" + m.seq());
                    case READ -> {
                        out.println("READ seq=" + m.seq());
                        finished.countDown();
                    }
                    case FAILED -> finished.countDown();
                    default -> {
                    }
                }
            }
        };
        try (DeviceLease lease = root.lease(profile, b -> b
                .syncOnConnect(false)
                .repairGaps(false)
                .autoAckDelivered(false)
                .maxSendAttempts(Math.max(1, attempts)), listener)) {
            ChatDevice device = lease.device();
            lease.start().get();
            java.util.concurrent.CompletableFuture<OutgoingMessage> sending = device.send(target, body, clientMsgId);
            if (attached != null) {
                Attach.sent(root, attached); // queued durably: the outbox resends it, the upload is done with
            }
            OutgoingMessage sent = sending.get();
            if (sent.state() != MessageState.FAILED) {
                try {
                    device.conversations().get(10, TimeUnit.SECONDS); // peer cursors that came before SENT
                } catch (Exception ignored) {
                    // receipts still arrive live
                }
                if (!finished.await((long) (Math.max(0, waitSeconds) * 1000), TimeUnit.MILLISECONDS)
                        && waitSeconds > 0) {
                    explainWait(device, sent, last.get(), profile, out);
                }
            }
        }
        return 0;
    }

    /** After the wait, why no READ (or DELIVERED) came: who has the message so far. */
    private void explainWait(ChatDevice device, OutgoingMessage sent, MessageState state, Profile profile,
            PrintWriter out) {
        if (Ids.isDirect(sent.conversationId())) {
            if (state == MessageState.SENT) {
                out.println("SENT · not delivered yet; the recipient gets it when a device of theirs comes online");
            }
            return;
        }
        device.connection().ifPresent(c -> {
            try {
                MemberListFrame list = c.request(new MembersFrame(c.newReqId(), sent.conversationId()),
                        MemberListFrame.class).get(5, TimeUnit.SECONDS);
                out.println(GroupReach.of(list.members(), profile.userId(), sent.seq()).line());
            } catch (Exception e) {
                // Only an explanation: the message is sent either way.
            }
        });
    }
}
