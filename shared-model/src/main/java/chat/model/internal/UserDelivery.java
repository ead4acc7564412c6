package chat.model.internal;

import java.util.List;

/**
 * What every connection the broker holds for {@code userId} gets from a {@link DeliveryBatch}, except the one of
 * device {@code exceptDeviceId} (the sender's own, or null): the batch's frames at the indexes in {@code frames}, in
 * that order. Group fan-out addresses users, so it needs no lookup of where each member's devices are connected.
 */
public record UserDelivery(String userId, String exceptDeviceId, List<Integer> frames) {
    public UserDelivery {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId is required");
        }
        frames = frames == null ? List.of() : List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a delivery to user " + userId + " names no frame");
        }
    }
}
