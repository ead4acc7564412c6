package chat.functions.media;

import chat.e2ee.attachment.AttachmentPadding;
import chat.functions.ChatConfig;
import chat.functions.messaging.Memberships;
import chat.functions.store.AttachmentsTable;
import chat.functions.store.AttachmentsTable.Attachment;
import chat.functions.store.AttachmentsTable.State;
import chat.functions.store.UploadQuotasTable;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.auth.DevicePrincipal;
import chat.model.media.AttachmentDownload;
import chat.model.media.AttachmentIds;
import chat.model.media.AttachmentSlot;
import chat.model.media.AttachmentSlotRequest;
import chat.model.media.Multipart;
import chat.model.media.UploadPlan;
import chat.model.media.UploadPlan.PartUrl;
import chat.functions.media.MediaStore.StoredPart;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Attachment slots from first request to expiry (docs/protocol.md, Media). The functions decide who may upload what
 * and who may read it; the bytes go between the devices and the bucket through presigned URLs. Unknown ids and ids
 * the caller may not see get the same {@link ErrorCode#ATTACHMENT_NOT_FOUND}.
 */
@ApplicationScoped
public class AttachmentService {
    private final AttachmentsTable attachments;
    private final UploadQuotasTable quotas;
    private final MediaStore store;
    private final Memberships memberships;
    private final ChatConfig.Media config;
    private final long maxBlobBytes;
    private final Clock clock;

    public AttachmentService(AttachmentsTable attachments, UploadQuotasTable quotas, MediaStore store,
            Memberships memberships, ChatConfig config, Clock clock) {
        this.attachments = attachments;
        this.quotas = quotas;
        this.store = store;
        this.memberships = memberships;
        this.config = config.media();
        this.maxBlobBytes = AttachmentPadding.blobSize(this.config.maxAttachmentBytes());
        this.clock = clock;
    }

    /** Opens a slot for a blob of the declared size, to be sent in a conversation the caller is a member of. */
    public AttachmentSlot open(DevicePrincipal caller, AttachmentSlotRequest request) {
        if (request.size() > maxBlobBytes) {
            throw new ChatException(ErrorCode.ATTACHMENT_TOO_LARGE, "an attachment's encrypted blob may be at most "
                    + maxBlobBytes + " bytes (" + config.maxAttachmentBytes() + " bytes of content)");
        }
        memberships.requireForSend(request.conversationId(), caller.userId());
        long now = clock.millis();
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!quotas.tryCount(caller.userId(), day, request.size(), config.dailyQuotaBytes(), config.dailyUploads())) {
            throw new ChatException(ErrorCode.UPLOAD_QUOTA_EXCEEDED, "the account's uploads for " + day + " (UTC) "
                    + "would pass " + config.dailyUploads() + " attachments or " + config.dailyQuotaBytes()
                    + " bytes");
        }
        Multipart plan = new Multipart(request.size(), config.partSize());
        String id = AttachmentIds.random();
        String uploadId = store.openUpload(id);
        long closesAt = now + config.uploadWindow().toMillis();
        attachments.create(new Attachment(id, caller.userId(), request.conversationId(), request.size(),
                State.UPLOADING, uploadId, now, closesAt));
        return new AttachmentSlot(id, request.size(), plan.partSize(), plan.parts(), closesAt);
    }

    /** The parts stored so far and a signed URL for each missing one: the start of an upload and every resume. */
    public UploadPlan plan(DevicePrincipal caller, String attachmentId) {
        Attachment a = openUpload(caller, attachmentId);
        Multipart plan = new Multipart(a.size(), config.partSize());
        Map<Integer, StoredPart> stored = storedParts(a, plan);
        long urlsExpireAt = Math.min(clock.millis() + config.uploadUrlTtl().toMillis(), a.expiresAt());
        java.time.Duration ttl = java.time.Duration.ofMillis(Math.max(1_000, urlsExpireAt - clock.millis()));
        List<Integer> done = new ArrayList<>();
        List<PartUrl> urls = new ArrayList<>();
        for (int part = 1; part <= plan.parts(); part++) {
            if (stored.containsKey(part)) {
                done.add(part);
            } else {
                long length = plan.partLength(part);
                urls.add(new PartUrl(part, length, store.presignPart(a.attachmentId(), a.uploadId(), part, length,
                        ttl)));
            }
        }
        return new UploadPlan(a.attachmentId(), a.size(), plan.partSize(), done, urls, urlsExpireAt);
    }

    /**
     * Joins the parts once every planned part is stored with its planned length. A second complete of the same
     * upload is {@link ErrorCode#UPLOAD_CLOSED}.
     */
    public AttachmentDownload complete(DevicePrincipal caller, String attachmentId) {
        Attachment a = openUpload(caller, attachmentId);
        Multipart plan = new Multipart(a.size(), config.partSize());
        Map<Integer, StoredPart> stored = storedParts(a, plan);
        if (stored.size() != plan.parts()) {
            throw new ChatException(ErrorCode.UPLOAD_INCOMPLETE, stored.size() + " of " + plan.parts()
                    + " parts are stored with their planned size: upload the others (GET /v1/attachments/"
                    + attachmentId + "/upload)");
        }
        store.complete(a.attachmentId(), a.uploadId(), stored.values().stream()
                .sorted(java.util.Comparator.comparingInt(StoredPart::number)).toList());
        long servedUntil = clock.millis() + config.retention().toMillis();
        if (!attachments.complete(a.attachmentId(), servedUntil)) {
            throw closed(attachmentId);
        }
        return download(a.attachmentId(), a.size());
    }

    /** A short-lived URL of the blob, for a member of the conversation it was sent in. */
    public AttachmentDownload download(DevicePrincipal caller, String attachmentId) {
        AttachmentIds.require(attachmentId);
        Attachment a = attachments.get(attachmentId).orElseThrow(AttachmentService::notFound);
        if (a.state() == State.UPLOADING) {
            throw notFound(); // not sent yet: nobody may read it, not even its uploader
        }
        try {
            memberships.require(a.conversationId(), caller.userId());
        } catch (ChatException notMember) {
            throw notFound();
        }
        if (a.state() == State.EXPIRED || a.expiresAt() <= clock.millis()) {
            throw new ChatException(ErrorCode.ATTACHMENT_EXPIRED, "the attachment was removed after the retention "
                    + "of " + config.retention().toDays() + " days");
        }
        return download(a.attachmentId(), a.size());
    }

    private AttachmentDownload download(String attachmentId, long size) {
        long expiresAt = clock.millis() + config.downloadUrlTtl().toMillis();
        return new AttachmentDownload(attachmentId, size, store.presignDownload(attachmentId,
                config.downloadUrlTtl()), expiresAt);
    }

    /** The caller's own slot, still open for upload. */
    private Attachment openUpload(DevicePrincipal caller, String attachmentId) {
        AttachmentIds.require(attachmentId);
        Attachment a = attachments.get(attachmentId).filter(x -> x.ownerId().equals(caller.userId()))
                .orElseThrow(AttachmentService::notFound);
        if (a.state() != State.UPLOADING || a.expiresAt() <= clock.millis()) {
            throw closed(attachmentId);
        }
        return a;
    }

    /** Stored parts that have their planned length; a part of another length does not count (and is replaced). */
    private Map<Integer, StoredPart> storedParts(Attachment a, Multipart plan) {
        return store.parts(a.attachmentId(), a.uploadId()).stream()
                .filter(p -> p.number() >= 1 && p.number() <= plan.parts() && p.size() == plan.partLength(p.number()))
                .collect(Collectors.toMap(StoredPart::number, Function.identity(), (x, y) -> y));
    }

    private static ChatException closed(String attachmentId) {
        return new ChatException(ErrorCode.UPLOAD_CLOSED, "the upload of " + attachmentId
                + " is complete or its window has passed: ask for a new slot");
    }

    static ChatException notFound() {
        return new ChatException(ErrorCode.ATTACHMENT_NOT_FOUND, "no such attachment");
    }
}
