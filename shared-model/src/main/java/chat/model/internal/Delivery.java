package chat.model.internal;

import java.util.List;

/**
 * Frames to push to one connection, in order; then, if {@code closeCode} is set, close it with that code.
 */
public record Delivery(String connectionId, List<String> frames, Integer closeCode, String closeReason) {
    public Delivery {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }

    public static Delivery frames(String connectionId, List<String> frames) {
        return new Delivery(connectionId, frames, null, null);
    }

    public static Delivery close(String connectionId, int code, String reason) {
        return new Delivery(connectionId, List.of(), code, reason);
    }
}
