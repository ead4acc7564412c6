package chat.model.internal;

import java.util.List;

/** Encoded server frames to send, in order, to the connection whose frame was handled. */
public record FrameReplies(List<String> frames) {
    public FrameReplies {
        frames = List.copyOf(frames);
    }
}
