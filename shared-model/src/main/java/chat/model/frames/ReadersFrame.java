package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Who has received and who has read the message with this seq. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadersFrame(String reqId, String conversationId, Long seq) implements ClientFrame {
    public ReadersFrame {
        Fields.reqId(reqId);
        Fields.conversationId(conversationId);
        Fields.seq(seq, "seq");
    }
}
