package chat.client;

import chat.model.frames.ChatMessage;
import chat.model.frames.SyncPageFrame;
import java.util.List;

/**
 * The whole answer to one sync request: every page's messages in arrival order, the pages themselves, and the end
 * marker's flags. {@code caughtUp} false means: send sync again with the advanced cursors.
 */
public record SyncResult(String reqId, List<ChatMessage> messages, List<SyncPageFrame> pages, boolean caughtUp,
        int reportedMessages) {
    public SyncResult {
        messages = List.copyOf(messages);
        pages = List.copyOf(pages);
    }
}
