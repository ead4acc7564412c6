package chat.model.internal;

import java.util.List;

/**
 * What one connection gets from a {@link DeliveryBatch}: the batch's frames at the indexes in {@code frames}, in that
 * order; then, if {@code closeCode} is set, a close with that code.
 */
public record Delivery(String connectionId, List<Integer> frames, Integer closeCode, String closeReason) {
    public Delivery {
        if (connectionId == null || connectionId.isBlank()) {
            throw new IllegalArgumentException("connectionId is required");
        }
        frames = frames == null ? List.of() : List.copyOf(frames);
    }
}
