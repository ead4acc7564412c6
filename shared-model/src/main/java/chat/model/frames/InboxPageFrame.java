package chat.model.frames;

import java.util.List;

/**
 * A page of the device's inbox, ascending by seq. {@code hasMore}: more envelopes were stored when it was read; ask
 * again with {@code after} set to the last seq of this page.
 */
public record InboxPageFrame(String reqId, List<Envelope> envelopes, boolean hasMore) implements ServerFrame {
    public InboxPageFrame {
        envelopes = List.copyOf(envelopes);
    }
}
