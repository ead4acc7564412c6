package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Cumulative acknowledgement: "delivered up to seq N" and/or "read up to seq N" in one conversation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AckFrame(String reqId, String conversationId, Long delivered, Long read) implements ClientFrame {
    public AckFrame {
        Fields.reqId(reqId);
        Fields.conversationId(conversationId);
        Fields.optionalSeq(delivered, "delivered");
        Fields.optionalSeq(read, "read");
        if (delivered == null && read == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: delivered or read");
        }
    }

    /** Reading a message implies it was delivered. */
    public long effectiveDelivered() {
        return Math.max(delivered == null ? 0 : delivered, read == null ? 0 : read);
    }
}
