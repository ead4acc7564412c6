package chat.model.schema;

import java.util.List;

/** Every queue of the system. */
public final class Queues {
    /** Stored messages waiting to be pushed to online devices; one queue message per stored chat message. */
    public static final QueueDef FANOUT = new QueueDef("fanout", 30, 5);

    /**
     * Offline devices to notify: one queue message per fan-out batch listing (device, conversation) pairs, never one
     * per recipient. Consumed by the push worker, which collapses and rate-limits before calling push services.
     */
    public static final QueueDef PUSH = new QueueDef("push", 30, 5);

    private Queues() {
    }

    public static List<QueueDef> all() {
        return List.of(FANOUT, PUSH);
    }
}
