package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** List a conversation's current members with their cursors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MembersFrame(String reqId, String conversationId) implements ClientFrame {
    public MembersFrame {
        Fields.reqId(reqId);
        Fields.conversationId(conversationId);
    }
}
