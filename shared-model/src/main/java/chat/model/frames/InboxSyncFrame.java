package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Reads the calling device's inbox: envelopes with seq above {@code after} (default 0), ascending, at most
 * {@code limit} (1 to 500, default 100). Answered by one {@link InboxPageFrame}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxSyncFrame(String reqId, Long after, Integer limit) implements ClientFrame {
    public InboxSyncFrame {
        Fields.reqId(reqId);
        Fields.optionalSeq(after, "after");
        Fields.pageSize(limit);
    }

    public long afterSeq() {
        return after == null ? 0 : after;
    }

    public int pageSize() {
        return Fields.pageSize(limit);
    }
}
