package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The message is stored: it has its {@code seq}. {@code duplicate} is true when a resend hit an earlier store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SentFrame(String reqId, String conversationId, String clientMsgId, long seq, long serverTime,
        boolean duplicate) implements ServerFrame {
}
