package chat.e2e;

import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.model.frames.ServerFrame;
import java.time.Duration;
import java.util.function.Predicate;

/** Waiting for a frame that must come. */
final class Frames {
    static final Duration WAIT = Duration.ofSeconds(20);

    private Frames() {
    }

    static <T extends ServerFrame> T await(ChatConnection c, Class<T> type, Predicate<? super T> match)
            throws InterruptedException {
        T frame = FrameRecorder.of(c).awaitFrame(type, match, WAIT);
        if (frame == null) {
            throw new AssertionError("no matching " + type.getSimpleName() + " within " + WAIT + " on " + c);
        }
        return frame;
    }

    static <T extends ServerFrame> T await(ChatConnection c, Class<T> type) throws InterruptedException {
        return await(c, type, f -> true);
    }
}
