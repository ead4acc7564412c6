package chat.client.media;

import chat.client.ChatApiException;
import chat.client.store.MediaUploadsTable;
import chat.e2ee.attachment.AttachmentKeys;
import chat.e2ee.content.AttachmentPointer;
import chat.model.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a file into an attachment pointer ready to go into a message: describes it (type, name, dimensions,
 * thumbnail), encrypts and uploads it, and remembers the upload in the local store until the message is queued, so
 * that sending the same file again after a break resumes the upload instead of starting over.
 */
public final class AttachmentSender {
    private final Uploader uploader;
    private final MediaUploadsTable pending;
    private final Clock clock;

    public AttachmentSender(Uploader uploader, MediaUploadsTable pending, Clock clock) {
        this.uploader = Objects.requireNonNull(uploader, "uploader");
        this.pending = Objects.requireNonNull(pending, "pending");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The pointer and whether the upload resumed one begun earlier (and how many parts were already stored). */
    public record Prepared(AttachmentPointer pointer, UploadedBlob blob) {
    }

    /** Uploads {@code file} for {@code conversationId}; the returned pointer names the stored, complete blob. */
    public Prepared prepare(String conversationId, Path file, TransferProgress progress) throws IOException {
        Path path = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IOException("not a readable file: " + file);
        }
        long size = Files.size(path);
        long modified = Files.getLastModifiedTime(path).toMillis();
        Optional<MediaUploadsTable.Row> earlier = pending.find(conversationId, path.toString(), size, modified);
        Uploader.Pending upload;
        if (earlier.isPresent()) {
            MediaUploadsTable.Row r = earlier.get();
            upload = new Uploader.Pending(r.attachmentId(), new AttachmentKeys(r.mediaKey(), r.mediaIv()), path,
                    r.fileSize(), r.blobSize());
        } else {
            upload = uploader.open(conversationId, path);
            pending.put(new MediaUploadsTable.Row(upload.attachmentId(), conversationId, path.toString(), size,
                    modified, upload.keys().key(), upload.keys().iv(), upload.blobSize(), clock.millis()));
        }
        UploadedBlob blob;
        try {
            blob = uploader.upload(upload, progress);
        } catch (ChatApiException e) {
            if (e.code() == ErrorCode.UPLOAD_CLOSED || e.code() == ErrorCode.ATTACHMENT_NOT_FOUND) {
                pending.remove(upload.attachmentId()); // that slot is gone: the next try starts a fresh one
            }
            throw e;
        }
        Optional<Thumbnail> thumb = Thumbnails.of(path);
        String name = path.getFileName().toString();
        String type = MediaTypes.guess(path);
        Long durationMs = type.startsWith("video/") || type.startsWith("audio/")
                ? MediaDurations.of(path).orElse(null) : null;
        AttachmentPointer pointer = new AttachmentPointer(blob.attachmentId(), blob.keys().key(), blob.digest(),
                blob.size(), type, FileNames.bare(name).orElse(null),
                thumb.map(Thumbnail::width).orElse(null), thumb.map(Thumbnail::height).orElse(null), durationMs,
                thumb.map(Thumbnail::jpeg).orElse(null), blob.blobSize());
        return new Prepared(pointer, blob);
    }

    /** Once the message carrying the pointer is queued in the outbox, the upload needs no resuming. */
    public void sent(String attachmentId) {
        pending.remove(attachmentId);
    }
}
