package chat.client;

import chat.model.frames.ServerFrame;

/**
 * What a {@link ChatConnection} reports beyond its listeners: every decoded frame and every undecodable text message.
 * Tests record frames through one (their {@code FrameRecorder}); the default does nothing, so a product connection
 * keeps nothing it does not need.
 *
 * <p>Called on the connection's event thread, in arrival order; must not block.
 */
public interface FrameTap {
    /** Does nothing. */
    FrameTap NONE = new FrameTap() {
    };

    /** A decoded frame, after the listeners saw it and before the connection handles it (hello, answers). */
    default void onFrame(ServerFrame frame) {
    }

    /** A text message that was no decodable server frame; the connection drops it. */
    default void onUndecodable(String text, RuntimeException error) {
    }
}
