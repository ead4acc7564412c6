package chat.functions.media;

import chat.functions.ChatConfig;
import chat.functions.store.AttachmentsTable;
import chat.functions.store.AttachmentsTable.Attachment;
import chat.functions.store.AttachmentsTable.State;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Cleans up where the local stack has no lifecycle rules or TTL: aborts uploads whose window passed (their parts
 * would otherwise be kept and billed) and removes blobs past the retention. On AWS the bucket's lifecycle rules and
 * DynamoDB TTL do this, and {@code chat.media.sweeper-enabled} is off.
 */
@ApplicationScoped
public class MediaSweeper {
    private static final Logger LOG = Logger.getLogger(MediaSweeper.class);
    private static final int BATCH = 500;
    private final AttachmentsTable attachments;
    private final MediaStore store;
    private final ChatConfig.Media config;
    private final Clock clock;
    private final boolean enabled;

    public MediaSweeper(AttachmentsTable attachments, MediaStore store, ChatConfig config, Clock clock) {
        this.attachments = attachments;
        this.store = store;
        this.config = config.media();
        this.clock = clock;
        this.enabled = this.config.sweeperEnabled();
    }

    @Scheduled(every = "${chat.media.sweep-interval:PT10M}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onTimer() {
        if (!enabled) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("media sweep failed (tried again at the next interval): %s", e.toString());
        }
    }

    /** One pass; returns how many uploads were aborted and blobs removed. */
    public int sweep() {
        long now = clock.millis();
        int done = 0;
        for (Attachment stale : attachments.overdue(State.UPLOADING, now, BATCH)) {
            store.abort(stale.attachmentId(), stale.uploadId());
            if (attachments.deleteUploading(stale.attachmentId())) {
                done++;
            }
        }
        for (Attachment expired : attachments.overdue(State.COMPLETE, now, BATCH)) {
            store.delete(expired.attachmentId());
            if (attachments.expire(expired.attachmentId(), expired.expiresAt())) {
                done++;
            }
        }
        return done;
    }
}
