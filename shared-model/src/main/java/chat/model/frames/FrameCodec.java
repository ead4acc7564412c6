package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Limits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns WebSocket text into frames and back. Every way a client frame can be wrong ends in a
 * {@link FrameException} with a stable {@link ErrorCode} and, when it could be read, the frame's reqId.
 */
public final class FrameCodec {
    /** Nesting deeper than any valid frame needs; bounds the parser's work on hostile input. */
    private static final int MAX_NESTING = 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .build();
    /**
     * Client frames are read with WRAP_EXCEPTIONS off: a record's refusal (a {@link ChatException}, which has no
     * stack trace) comes out as it is instead of inside a Jackson exception, so a hostile frame stays cheap to refuse.
     */
    private static final ObjectReader CLIENT_FRAMES = MAPPER.readerFor(ClientFrame.class)
            .without(DeserializationFeature.WRAP_EXCEPTIONS);

    /**
     * The same mapping for the private API between the tiers, whose bodies carry whole server frames as strings (the
     * pages of a sync answer): strings up to {@link Limits#MAX_SERVER_FRAME_BYTES}. Never for a client's input.
     */
    private static final ObjectMapper INTERNAL = MAPPER.copy();

    static {
        MAPPER.getFactory().setStreamReadConstraints(constraints(Limits.MAX_FRAME_BYTES));
        INTERNAL.getFactory().setStreamReadConstraints(constraints(Limits.MAX_SERVER_FRAME_BYTES));
    }

    private static StreamReadConstraints constraints(int maxStringLength) {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxStringLength(maxStringLength)
                .maxNumberLength(24).build();
    }

    private FrameCodec() {
    }

    /** The mapper the protocol uses; shared so that every tier writes frames the same way. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The mapper for reading the tiers' private API bodies, which may embed server frames of any allowed size. */
    public static ObjectMapper internalMapper() {
        return INTERNAL;
    }

    public static ClientFrame decodeClient(String text) {
        if (text == null || text.isEmpty()) {
            throw new FrameException(null, ErrorCode.MALFORMED_FRAME, "empty frame");
        }
        if (text.length() > Limits.MAX_FRAME_BYTES
                || text.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_FRAME_BYTES) {
            throw new FrameException(null, ErrorCode.FRAME_TOO_LARGE,
                    "frame is over " + Limits.MAX_FRAME_BYTES + " bytes");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FrameException(null, ErrorCode.MALFORMED_FRAME, "frame is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new FrameException(null, ErrorCode.MALFORMED_FRAME, "frame must be a JSON object");
        }
        String reqId = echoableReqId(tree);
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new FrameException(reqId, ErrorCode.UNKNOWN_TYPE, "missing field: type");
        }
        try {
            return CLIENT_FRAMES.readValue(tree);
        } catch (ChatException e) {
            // A record refused a field; unwrapped (WRAP_EXCEPTIONS off), so hostile input costs no stack traces.
            throw new FrameException(reqId, e.code(), e.getMessage());
        } catch (InvalidTypeIdException e) {
            throw new FrameException(reqId, ErrorCode.UNKNOWN_TYPE, "unknown frame type: " + clip(typeNode.asText()));
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ChatException chat) {
                throw new FrameException(reqId, chat.code(), chat.getMessage());
            }
            throw new FrameException(reqId, ErrorCode.INVALID_FIELD, "invalid frame");
        } catch (MismatchedInputException e) {
            throw new FrameException(reqId, ErrorCode.INVALID_FIELD, "wrong type for field: " + path(e));
        } catch (IOException | RuntimeException e) {
            throw new FrameException(reqId, ErrorCode.INVALID_FIELD, "invalid frame");
        }
    }

    /**
     * The frame's reqId if it may be echoed in an error: a string of 1 to 64 characters (a frame refused for its
     * reqId must not get it back).
     */
    public static String echoableReqId(JsonNode frame) {
        JsonNode node = frame == null ? null : frame.get("reqId");
        if (node == null || !node.isTextual()) {
            return null;
        }
        String reqId = node.asText();
        return reqId.isEmpty() || reqId.length() > 64 ? null : reqId;
    }

    public static String encode(ServerFrame frame) {
        return write(frame, ServerFrame.class);
    }

    public static String encode(ClientFrame frame) {
        return write(frame, ClientFrame.class);
    }

    public static ServerFrame decodeServer(String text) {
        try {
            return MAPPER.readValue(text, ServerFrame.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a server frame: " + clip(text), e);
        }
    }

    private static String write(Object frame, Class<?> as) {
        try {
            return MAPPER.writerFor(as).writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return sb.isEmpty() ? "?" : clip(sb.toString());
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** A client frame that cannot be accepted, with the reqId to echo when there was one. */
    public static final class FrameException extends ChatException {
        private final String reqId;

        public FrameException(String reqId, ErrorCode code, String message) {
            super(code, message);
            this.reqId = reqId;
        }

        public String reqId() {
            return reqId;
        }

        public ErrorFrame toErrorFrame() {
            return ErrorFrame.of(reqId, code(), getMessage());
        }
    }
}
