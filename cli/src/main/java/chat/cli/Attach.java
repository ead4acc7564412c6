package chat.cli;

import chat.client.MediaApi;
import chat.client.media.AttachmentSender;
import chat.client.media.BlobTransfers;
import chat.client.media.RetryPolicy;
import chat.client.media.Uploader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/** The CLI's side of sending a file: upload with a progress bar, and what it prints. */
final class Attach {
    private Attach() {
    }

    static AttachmentSender.Prepared upload(ChatCli root, Profile profile, String conversationId, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("FILE_NOT_FOUND", "no such file: " + file);
        }
        Uploader uploader = new Uploader(new MediaApi(root.httpApi()), new BlobTransfers(), profile::credential,
                RetryPolicy.DEFAULT, new SecureRandom());
        AttachmentSender sender = new AttachmentSender(uploader, root.localStore().mediaUploads(),
                Clock.systemUTC());
        PrintWriter err = root.spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, "upload  ", System.console() != null);
        try {
            AttachmentSender.Prepared prepared = sender.prepare(conversationId, file, bar);
            bar.finish();
            return prepared;
        } catch (NoSuchFileException e) {
            throw new CliException("FILE_NOT_FOUND", "no such file: " + file);
        } catch (IOException e) {
            throw new CliException("UPLOAD_FAILED", e.getMessage() + " (send the same file again to resume)");
        }
    }

    static String uploadedLine(AttachmentSender.Prepared p) {
        var blob = p.blob();
        return "UPLOADED " + blob.attachmentId() + " " + blob.size() + " bytes (" + blob.parts() + " parts"
                + (blob.resumedParts() > 0 ? ", resumed with " + blob.resumedParts() + " already stored" : "") + ")";
    }

    static void sent(ChatCli root, AttachmentSender.Prepared p) {
        root.localStore().mediaUploads().remove(p.pointer().attachmentId());
    }
}
