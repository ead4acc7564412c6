package chat.client.media;

import chat.client.ChatApiException;
import chat.client.MediaApi;
import chat.e2ee.attachment.AttachmentEncryptingStream;
import chat.e2ee.attachment.AttachmentKeys;
import chat.e2ee.attachment.AttachmentPadding;
import chat.model.media.AttachmentSlot;
import chat.model.media.Multipart;
import chat.model.media.UploadPlan;
import chat.model.media.UploadPlan.PartUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Encrypts a file on the device and uploads it in parts through presigned URLs, streaming (the file is never held in
 * memory). After a broken connection or an expired URL it asks the server which parts are stored and sends only the
 * others: the blob is deterministic for its keys, so the missing parts are cut from a fresh pass over the file.
 */
public final class Uploader {
    private final MediaApi api;
    private final BlobTransfers transfers;
    private final Supplier<String> bearer;
    private final RetryPolicy retry;
    private final SecureRandom random;

    public Uploader(MediaApi api, BlobTransfers transfers, Supplier<String> bearer, RetryPolicy retry,
            SecureRandom random) {
        this.api = Objects.requireNonNull(api, "api");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.bearer = Objects.requireNonNull(bearer, "bearer");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** What an upload needs to resume in another process: the slot, the keys and the file. */
    public record Pending(String attachmentId, AttachmentKeys keys, Path file, long size, long blobSize) {
    }

    /** Opens a slot for {@code file} in {@code conversationId}, with fresh keys; nothing is uploaded yet. */
    public Pending open(String conversationId, Path file) throws IOException {
        long size = Files.size(file);
        AttachmentKeys keys = AttachmentKeys.random(random);
        long blobSize = AttachmentPadding.blobSize(size);
        AttachmentSlot slot = api.open(bearer.get(), conversationId, blobSize);
        return new Pending(slot.attachmentId(), keys, file, size, blobSize);
    }

    /** Uploads what the store does not have yet of {@code pending}, completes it, and answers the stored blob. */
    public UploadedBlob upload(Pending pending, TransferProgress progress) throws IOException {
        if (Files.size(pending.file()) != pending.size()) {
            throw new IOException(pending.file() + " changed size since its upload began: send it again");
        }
        int resumed = -1;
        int parts = 0;
        byte[] digest = null;
        for (int attempt = 1; ; attempt++) {
            try {
                UploadPlan plan = api.plan(bearer.get(), pending.attachmentId());
                parts = plan.done().size() + plan.urls().size();
                if (resumed < 0) {
                    resumed = plan.done().size();
                }
                digest = pass(pending, plan, progress);
                break;
            } catch (ChatApiException e) {
                if (!e.retryable() || !retry.again(attempt, new IOException(e.getMessage(), e))) {
                    throw e;
                }
            } catch (IOException e) {
                if (!retry.again(attempt, e)) {
                    throw e;
                }
            }
        }
        api.complete(bearer.get(), pending.attachmentId());
        return new UploadedBlob(pending.attachmentId(), pending.keys(), digest, pending.size(), pending.blobSize(),
                parts, resumed);
    }

    /**
     * One pass over the file: encrypts it from the start, sends the planned parts as the stream reaches them, and
     * reads the rest through to learn the blob's digest.
     */
    private byte[] pass(Pending pending, UploadPlan plan, TransferProgress progress) throws IOException {
        List<PartUrl> urls = plan.urls().stream().sorted(Comparator.comparingInt(PartUrl::part)).toList();
        Multipart parts = new Multipart(plan.size(), plan.partSize());
        long done = plan.done().stream().mapToLong(parts::partLength).sum();
        progress.update(done, plan.size());
        try (InputStream file = Files.newInputStream(pending.file());
                AttachmentEncryptingStream blob = new AttachmentEncryptingStream(file, pending.size(),
                        pending.keys())) {
            long position = 0;
            for (PartUrl url : urls) {
                long offset = parts.partOffset(url.part());
                blob.skipNBytes(offset - position);
                transfers.putPart(URI.create(url.url()), blob, url.size());
                position = offset + url.size();
                done += url.size();
                progress.update(done, plan.size());
            }
            blob.skipNBytes(pending.blobSize() - position);
            if (blob.read() != -1) {
                throw new IllegalStateException("the encrypted blob is longer than planned");
            }
            return blob.digest();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
