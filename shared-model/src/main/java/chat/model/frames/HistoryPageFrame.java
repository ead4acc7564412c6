package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of history in ascending seq order; {@code hasMore} tells whether older messages exist before it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryPageFrame(String reqId, String conversationId, List<ChatMessage> messages, boolean hasMore)
        implements ServerFrame {
    public HistoryPageFrame {
        messages = List.copyOf(messages);
    }
}
