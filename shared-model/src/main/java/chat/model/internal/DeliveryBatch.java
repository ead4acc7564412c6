package chat.model.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a broker node's delivery API: frames to push to connections it holds, and connections to close.
 *
 * <p>Each distinct frame travels once, in {@code frames}, and every delivery names its frames by their index there: a
 * group message goes to up to 256 connections, and one copy per connection would make a single 64 KiB message a
 * request of some 20 MB.
 */
public record DeliveryBatch(List<String> frames, List<Delivery> deliveries) {
    public DeliveryBatch {
        frames = frames == null ? List.of() : List.copyOf(frames);
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
        for (Delivery d : deliveries) {
            for (int i : d.frames()) {
                if (i < 0 || i >= frames.size()) {
                    throw new IllegalArgumentException("delivery to " + d.connectionId() + " names frame " + i
                            + " of " + frames.size());
                }
            }
        }
    }

    /** The frames for one of this batch's deliveries, in order. */
    public List<String> framesOf(Delivery delivery) {
        return delivery.frames().stream().map(frames::get).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects pushes and closes; equal frames are stored once. Not thread-safe. */
    public static final class Builder {
        private final List<String> frames = new ArrayList<>();
        private final Map<String, Integer> indexOf = new HashMap<>();
        private final Map<String, List<Integer>> framesOf = new LinkedHashMap<>();
        private final Map<String, Close> closes = new HashMap<>();

        private record Close(int code, String reason) {
        }

        private Builder() {
        }

        /** Appends a frame for the connection, after those it was given before. */
        public Builder push(String connectionId, String frame) {
            int i = indexOf.computeIfAbsent(frame, f -> {
                frames.add(f);
                return frames.size() - 1;
            });
            framesOf.computeIfAbsent(connectionId, k -> new ArrayList<>()).add(i);
            return this;
        }

        /** Closes the connection after its frames. */
        public Builder close(String connectionId, int code, String reason) {
            framesOf.computeIfAbsent(connectionId, k -> new ArrayList<>());
            closes.put(connectionId, new Close(code, reason));
            return this;
        }

        public DeliveryBatch build() {
            List<Delivery> deliveries = new ArrayList<>();
            framesOf.forEach((id, indexes) -> {
                Close close = closes.get(id);
                deliveries.add(new Delivery(id, indexes, close == null ? null : close.code(),
                        close == null ? null : close.reason()));
            });
            return new DeliveryBatch(frames, deliveries);
        }
    }
}
