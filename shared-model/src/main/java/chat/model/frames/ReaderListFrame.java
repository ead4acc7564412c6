package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Current members who have received ({@code deliveredTo}) and read ({@code readBy}) the message with {@code seq}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReaderListFrame(String reqId, String conversationId, long seq, List<String> deliveredTo,
        List<String> readBy) implements ServerFrame {
    public ReaderListFrame {
        deliveredTo = List.copyOf(deliveredTo);
        readBy = List.copyOf(readBy);
    }
}
