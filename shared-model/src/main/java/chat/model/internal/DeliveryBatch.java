package chat.model.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a broker node's delivery API: frames to push to connections it holds, and connections to close
 * ({@code deliveries}, by connection id: 1:1 pushes, closes); and frames to push to every connection it holds of
 * some users ({@code userDeliveries}: group fan-out, the same batch to every live node). A connection gets its
 * connection-addressed frames first, then its user-addressed ones, each in list order.
 *
 * <p>Each distinct frame travels once, in {@code frames}, and every delivery names its frames by their index there: a
 * group message goes to up to 256 connections, and one copy per connection would make a single 64 KiB message a
 * request of some 20 MB.
 */
public record DeliveryBatch(List<String> frames, List<Delivery> deliveries, List<UserDelivery> userDeliveries) {
    public DeliveryBatch {
        frames = frames == null ? List.of() : List.copyOf(frames);
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
        userDeliveries = userDeliveries == null ? List.of() : List.copyOf(userDeliveries);
        for (Delivery d : deliveries) {
            requireFrames(d.frames(), frames.size(), "connection " + d.connectionId());
        }
        for (UserDelivery d : userDeliveries) {
            requireFrames(d.frames(), frames.size(), "user " + d.userId());
        }
    }

    public DeliveryBatch(List<String> frames, List<Delivery> deliveries) {
        this(frames, deliveries, List.of());
    }

    private static void requireFrames(List<Integer> indexes, int count, String to) {
        for (int i : indexes) {
            if (i < 0 || i >= count) {
                throw new IllegalArgumentException("delivery to " + to + " names frame " + i + " of " + count);
            }
        }
    }

    /** The frames for one of this batch's deliveries, in order. */
    public List<String> framesOf(Delivery delivery) {
        return delivery.frames().stream().map(frames::get).toList();
    }

    /** The frames for one of this batch's user deliveries, in order. */
    public List<String> framesOf(UserDelivery delivery) {
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
        private final List<UserDelivery> toUsers = new ArrayList<>();
        /** Per user, the index in {@code toUsers} of their latest delivery, which a next frame may extend. */
        private final Map<String, Integer> lastOfUser = new HashMap<>();

        private record Close(int code, String reason) {
        }

        private Builder() {
        }

        /** Appends a frame for the connection, after those it was given before. */
        public Builder push(String connectionId, String frame) {
            framesOf.computeIfAbsent(connectionId, k -> new ArrayList<>()).add(index(frame));
            return this;
        }

        /**
         * Appends a frame for every connection of the user except device {@code exceptDeviceId} (may be null), after
         * those the user was given before.
         */
        public Builder pushToUser(String userId, String exceptDeviceId, String frame) {
            int i = index(frame);
            Integer last = lastOfUser.get(userId);
            UserDelivery previous = last == null ? null : toUsers.get(last);
            if (previous != null && Objects.equals(previous.exceptDeviceId(), exceptDeviceId)) {
                List<Integer> extended = new ArrayList<>(previous.frames());
                extended.add(i);
                toUsers.set(last, new UserDelivery(userId, exceptDeviceId, extended));
            } else {
                // Another exception (the user sent one of the frames): a new delivery, after the previous one.
                toUsers.add(new UserDelivery(userId, exceptDeviceId, List.of(i)));
                lastOfUser.put(userId, toUsers.size() - 1);
            }
            return this;
        }

        private int index(String frame) {
            return indexOf.computeIfAbsent(frame, f -> {
                frames.add(f);
                return frames.size() - 1;
            });
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
            return new DeliveryBatch(frames, deliveries, toUsers);
        }
    }
}
