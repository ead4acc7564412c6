package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Page backwards through a conversation: up to {@code limit} messages with seq below {@code beforeSeq} (or the latest). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryFrame(String reqId, String conversationId, Long beforeSeq, Integer limit) implements ClientFrame {
    public HistoryFrame {
        Fields.reqId(reqId);
        Fields.conversationId(conversationId);
        Fields.optionalSeq(beforeSeq, "beforeSeq");
        if (beforeSeq != null && beforeSeq < 1) {
            // No seq lies below 1: a client asking for that has a bug, not an empty conversation.
            throw new ChatException(ErrorCode.INVALID_FIELD, "beforeSeq must be >= 1");
        }
        Fields.pageSize(limit);
    }

    public int pageSize() {
        return Fields.pageSize(limit);
    }
}
