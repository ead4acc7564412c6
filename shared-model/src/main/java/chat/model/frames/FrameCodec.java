package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.Text;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
            // A value of the wrong JSON type is refused, never converted: "body": 12 must not become the string
            // "12", "limit": "2" not the number 2, "typing": 1 not true, a number not an enum constant.
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();
    /** Client frames: the type named by their {@code type} field. */
    private static final ObjectReader CLIENT_FRAMES = MAPPER.readerFor(ClientFrame.class);

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
            tree = StrictJson.object(MAPPER, text, "frame");
        } catch (ChatException e) {
            throw new FrameException(null, e.code(), e.getMessage());
        }
        String reqId = echoableReqId(tree);
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new FrameException(reqId, ErrorCode.UNKNOWN_TYPE, "missing field: type");
        }
        if (!typeNode.isTextual()) {
            throw new FrameException(reqId, ErrorCode.UNKNOWN_TYPE, "field \"type\" must be a string");
        }
        try {
            return StrictJson.bind(CLIENT_FRAMES, tree);
        } catch (ChatException e) {
            throw new FrameException(reqId, e.code(), e.getMessage());
        }
    }

    /**
     * The frame's reqId if it may be echoed in an error: a well-formed string of 1 to 64 code points (a frame refused
     * for its reqId must not get it back).
     */
    public static String echoableReqId(JsonNode frame) {
        JsonNode node = frame == null ? null : frame.get("reqId");
        if (node == null || !node.isTextual()) {
            return null;
        }
        String reqId = node.asText();
        return Text.fits(reqId, 1, Fields.MAX_REQ_ID) ? reqId : null;
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
            throw new IllegalArgumentException("not a server frame: " + StrictJson.clip(text), e);
        }
    }

    private static String write(Object frame, Class<?> as) {
        try {
            return MAPPER.writerFor(as).writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
        }
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
