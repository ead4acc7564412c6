package chat.model.schema;

import java.util.List;

/** Every queue of the system. */
public final class Queues {
    /** Stored messages waiting to be pushed to online devices; one queue message per stored chat message. */
    public static final QueueDef FANOUT = new QueueDef("fanout", 30, 5);

    private Queues() {
    }

    public static List<QueueDef> all() {
        return List.of(FANOUT);
    }
}
