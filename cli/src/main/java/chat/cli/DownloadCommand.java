package chat.cli;

import chat.client.ChatDevice;
import chat.client.MediaApi;
import chat.client.media.BlobTransfers;
import chat.client.media.Downloader;
import chat.client.media.FileNames;
import chat.client.store.StoredMessage;
import chat.e2ee.attachment.AttachmentIntegrityException;
import chat.e2ee.content.AttachmentPointer;
import chat.e2ee.content.ChatContent;
import chat.e2ee.content.InvalidContentException;
import chat.model.Ids;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "download", description = {"Save the attachments of a message to a directory.",
        "The blob is decrypted on this device and checked (MAC, digest, size) before the file appears; a name that "
                + "exists already gets \" (1)\", \" (2)\"… rather than being overwritten."})
final class DownloadCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Parameters(index = "0", paramLabel = "CONVERSATION")
    String conversationId;

    @Parameters(index = "1", paramLabel = "SEQ", description = "the message's seq (as history and watch show it)")
    long seq;

    @Option(names = "--to", paramLabel = "DIR", description = "where to save (default: the current directory)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Ids.requireMatch(Ids.CONVERSATION_ID, conversationId, "conversation");
        if (seq < 1) {
            throw new CliException("INVALID_FIELD", "SEQ is 1 or more: " + seq);
        }
        Profile p = root.store().require();
        Path into = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
        Files.createDirectories(into);
        List<AttachmentPointer> pointers = attachments(p);
        Downloader downloader = new Downloader(new MediaApi(root.httpApi()), new BlobTransfers(), p::credential);
        PrintWriter out = root.spec.commandLine().getOut();
        PrintWriter err = root.spec.commandLine().getErr();
        for (int i = 0; i < pointers.size(); i++) {
            AttachmentPointer a = pointers.get(i);
            Path target = FileNames.unused(into, a.fileName(), "attachment-" + seq + "-" + (i + 1));
            ProgressBar bar = new ProgressBar(err, "download", System.console() != null);
            try {
                downloader.download(a, target, bar);
            } catch (AttachmentIntegrityException e) {
                throw new CliException("ATTACHMENT_CORRUPT", "the downloaded blob failed its check (" + e.reason()
                        + "): nothing was saved");
            } catch (IOException e) {
                throw new CliException("DOWNLOAD_FAILED", e.getMessage() + ": nothing was saved");
            }
            bar.finish();
            out.println("SAVED " + target + " (" + a.size() + " bytes, " + a.contentType() + ")");
        }
        return 0;
    }

    /** The message's attachments, from the local store, after a sync when this device has not got it yet. */
    private List<AttachmentPointer> attachments(Profile p) throws Exception {
        Optional<StoredMessage> m = root.localStore().messages().get(conversationId, seq);
        if (m.isEmpty() || m.get().body() == null) {
            try (DeviceLease lease = root.lease(p, b -> b, new ChatDevice.Listener() { })) {
                lease.start().get();
                lease.device().syncNow().get();
            }
            m = root.localStore().messages().get(conversationId, seq);
        }
        if (m.isEmpty() || m.get().body() == null) {
            throw new CliException("MESSAGE_NOT_FOUND", "this device has no readable message " + seq + " in "
                    + conversationId);
        }
        ChatContent content;
        try {
            content = ChatContent.decode(m.get().body());
        } catch (InvalidContentException e) {
            throw new CliException("NO_ATTACHMENT", "message " + seq + " carries no attachment");
        }
        if (content.attachments().isEmpty()) {
            throw new CliException("NO_ATTACHMENT", "message " + seq + " carries no attachment");
        }
        return content.attachments();
    }
}
