package chat.functions.api;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Reads request bodies with the protocol's mapper, turning every failure into a stable error code. */
final class JsonBodies {
    private static final int MAX_BODY_CHARS = 16 * 1024;

    private JsonBodies() {
    }

    static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new ChatException(ErrorCode.MALFORMED_FRAME, "request body is required");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new ChatException(ErrorCode.FRAME_TOO_LARGE, "request body is too large");
        }
        try {
            T value = FrameCodec.mapper().readValue(body, type);
            if (value == null) {
                throw new ChatException(ErrorCode.MALFORMED_FRAME, "request body must be a JSON object");
            }
            return value;
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ChatException chat) {
                throw chat;
            }
            throw new ChatException(ErrorCode.INVALID_FIELD, "invalid request");
        } catch (MismatchedInputException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "invalid request: wrong field type");
        } catch (JsonProcessingException e) {
            throw new ChatException(ErrorCode.MALFORMED_FRAME, "request body is not valid JSON");
        }
    }
}
