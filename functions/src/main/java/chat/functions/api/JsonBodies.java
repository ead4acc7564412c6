package chat.functions.api;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.FrameCodec;
import chat.model.frames.StrictJson;

/**
 * Reads HTTP request bodies by the protocol's rules, as WebSocket frames are read: the body must be one JSON object
 * ({@code MALFORMED_FRAME} otherwise, an empty body included), and a field of the wrong JSON type is
 * {@code INVALID_FIELD} naming it.
 */
final class JsonBodies {
    private static final int MAX_BODY_CHARS = 16 * 1024;

    private JsonBodies() {
    }

    static <T> T read(String body, Class<T> type) {
        if (body != null && body.length() > MAX_BODY_CHARS) {
            throw new ChatException(ErrorCode.FRAME_TOO_LARGE, "request body is too large");
        }
        return StrictJson.bind(FrameCodec.mapper().readerFor(type), StrictJson.object(FrameCodec.mapper(), body, "body"));
    }
}
