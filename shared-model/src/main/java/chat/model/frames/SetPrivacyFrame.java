package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Sets who may see the caller's last seen and online status; answered by {@link PrivacyFrame}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetPrivacyFrame(String reqId, LastSeenPrivacy lastSeen) implements ClientFrame {
    public SetPrivacyFrame {
        Fields.reqId(reqId);
        Fields.required(lastSeen, "lastSeen (everyone, contacts or nobody)");
    }
}
