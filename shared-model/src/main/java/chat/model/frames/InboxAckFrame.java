package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The calling device has every envelope of its inbox up to seq {@code upTo}: the server deletes them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxAckFrame(String reqId, Long upTo) implements ClientFrame {
    public InboxAckFrame {
        Fields.reqId(reqId);
        Fields.seq(upTo, "upTo");
    }
}
