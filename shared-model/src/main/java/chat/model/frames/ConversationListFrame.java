package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The caller's conversations, most recently active first. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationListFrame(String reqId, List<ConversationSummary> conversations) implements ServerFrame {
    public ConversationListFrame {
        conversations = List.copyOf(conversations);
    }
}
