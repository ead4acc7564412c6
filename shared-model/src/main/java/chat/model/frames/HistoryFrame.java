package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Page backwards through a conversation: up to {@code limit} messages with seq below {@code beforeSeq} (or the latest). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryFrame(String reqId, String conversationId, Long beforeSeq, Integer limit) implements ClientFrame {
    public HistoryFrame {
        Fields.reqId(reqId);
        Fields.conversationId(conversationId);
        Fields.optionalSeq(beforeSeq, "beforeSeq");
        Fields.pageSize(limit);
    }

    public int pageSize() {
        return Fields.pageSize(limit);
    }
}
