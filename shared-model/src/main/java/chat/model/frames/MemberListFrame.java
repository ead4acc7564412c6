package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberListFrame(String reqId, String conversationId, List<MemberView> members) implements ServerFrame {
    public MemberListFrame {
        members = List.copyOf(members);
    }
}
