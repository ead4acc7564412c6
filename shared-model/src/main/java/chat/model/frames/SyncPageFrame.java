package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of missed messages of one conversation, in ascending seq order, without gaps. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncPageFrame(String reqId, String conversationId, List<ChatMessage> messages) implements ServerFrame {
    public SyncPageFrame {
        messages = List.copyOf(messages);
    }
}
