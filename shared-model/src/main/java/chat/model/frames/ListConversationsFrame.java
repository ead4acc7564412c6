package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** List the caller's conversations with unread counts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListConversationsFrame(String reqId) implements ClientFrame {
    public ListConversationsFrame {
        Fields.reqId(reqId);
    }
}
