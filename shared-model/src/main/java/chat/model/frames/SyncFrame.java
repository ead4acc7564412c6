package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Delta sync: {@code cursors} maps conversation id to the highest seq this device already has (contiguously).
 * Conversations the map does not name are synced from their start (or the member's join).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncFrame(String reqId, Map<String, Long> cursors, Integer limit) implements ClientFrame {
    public static final int MAX_CURSORS = 1000;

    public SyncFrame {
        Fields.reqId(reqId);
        cursors = cursors == null ? Map.of() : cursors;
        if (cursors.size() > MAX_CURSORS) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "at most " + MAX_CURSORS + " cursors");
        }
        for (Map.Entry<String, Long> e : cursors.entrySet()) {
            Ids.requireMatch(Ids.CONVERSATION_ID, e.getKey(), "cursors key");
            Fields.seq(e.getValue(), "cursors value");
        }
        cursors = Map.copyOf(cursors);
        Fields.pageSize(limit);
    }

    public int pageSize() {
        return Fields.pageSize(limit);
    }
}
