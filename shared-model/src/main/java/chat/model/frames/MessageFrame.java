package chat.model.frames;

import java.util.Objects;

/** A message pushed live to a device. Devices de-duplicate by (conversationId, seq) and reorder by seq. */
public record MessageFrame(ChatMessage message) implements ServerFrame {
    public MessageFrame {
        Objects.requireNonNull(message, "message");
    }
}
