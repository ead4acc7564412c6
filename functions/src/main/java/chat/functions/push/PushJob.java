package chat.functions.push;

import java.util.List;

/** The body of one push-queue message: every offline device of one fan-out batch (never one message per device). */
public record PushJob(List<PushItem> items) {
    public PushJob {
        items = List.copyOf(items);
    }
}
