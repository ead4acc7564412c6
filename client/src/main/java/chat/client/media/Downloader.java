package chat.client.media;

import chat.client.MediaApi;
import chat.e2ee.attachment.AttachmentDecryptor;
import chat.e2ee.attachment.AttachmentIntegrityException;
import chat.e2ee.content.AttachmentPointer;
import chat.model.media.AttachmentDownload;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Fetches an attachment's blob through a short-lived URL and decrypts it to a file, checking its MAC, digest and
 * size on the way: a blob that fails any check leaves no file behind (it is written aside and moved into place only
 * once verified), so nothing unverified is ever shown.
 */
public final class Downloader {
    private final MediaApi api;
    private final BlobTransfers transfers;
    private final Supplier<String> bearer;

    public Downloader(MediaApi api, BlobTransfers transfers, Supplier<String> bearer) {
        this.api = Objects.requireNonNull(api, "api");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.bearer = Objects.requireNonNull(bearer, "bearer");
    }

    /**
     * Downloads {@code pointer}'s attachment to {@code target} (replacing a file there only once verified). Fails with
     * {@link AttachmentIntegrityException} for a tampered, truncated or oversized blob, with a
     * {@code ChatApiException} (ATTACHMENT_NOT_FOUND, ATTACHMENT_EXPIRED) when the server will not serve it.
     */
    public Path download(AttachmentPointer pointer, Path target, TransferProgress progress)
            throws IOException, AttachmentIntegrityException {
        AttachmentDownload where = api.download(bearer.get(), pointer.attachmentId());
        long total = where.size();
        progress.update(0, total);
        try (InputStream blob = new Counting(transfers.get(URI.create(where.url())), progress, total)) {
            AttachmentDecryptor.decryptToFile(blob, target, pointer);
        }
        return target;
    }

    /** Reports bytes as they are read. */
    private static final class Counting extends FilterInputStream {
        private final TransferProgress progress;
        private final long total;
        private long done;

        Counting(InputStream in, TransferProgress progress, long total) {
            super(in);
            this.progress = progress;
            this.total = total;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.update(++done, total);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                done += n;
                progress.update(done, total);
            }
            return n;
        }
    }
}
