package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * "I am typing" / "I stopped" in a conversation. Never stored or push-notified; relayed to the other members'
 * connected devices only. No answer on success (it is refreshed every few seconds); refusals answer an error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TypingFrame(String reqId, String conversationId, Boolean typing) implements ClientFrame {
    public TypingFrame {
        Fields.reqId(reqId);
        Fields.conversationId(conversationId);
        if (typing == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: typing");
        }
    }
}
