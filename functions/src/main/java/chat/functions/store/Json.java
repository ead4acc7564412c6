package chat.functions.store;

import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.core.JsonProcessingException;

/** JSON for values the tables store as strings (with the protocol's mapper, so they read back as they were sent). */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        try {
            return FrameCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return FrameCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored value", e);
        }
    }
}
