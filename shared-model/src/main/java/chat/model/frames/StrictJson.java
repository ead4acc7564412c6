package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a client's JSON object (a WebSocket frame or an HTTP request body) into a protocol record. The mapper it is
 * given coerces nothing ({@link FrameCodec#mapper()}), so a value of the wrong JSON type fails; this turns every
 * failure into a {@link ChatException} with a stable code whose message names the field by its path in the object:
 * {@code body}, {@code userIds[1]}, {@code cursors["dm.…"]}.
 */
public final class StrictJson {
    /** Field-specific words for "expected …" where the JSON type alone would undersell the rule. */
    private static final Map<String, String> EXPECTED = Map.of("body", "a base64 string");

    private StrictJson() {
    }

    /**
     * Parses {@code text}, which must be one JSON object; {@code what} names it in the refusal ("frame", "body").
     * Empty text, {@code null}, an array or a scalar are all {@link ErrorCode#MALFORMED_FRAME}.
     */
    public static JsonNode object(ObjectMapper mapper, String text, String what) {
        JsonNode tree;
        try {
            tree = text == null || text.isBlank() ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ChatException(ErrorCode.MALFORMED_FRAME, what + " is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new ChatException(ErrorCode.MALFORMED_FRAME, what + " must be a JSON object");
        }
        return tree;
    }

    /** Binds a parsed object to the reader's type; the record's own checks run in its constructor. */
    public static <T> T bind(ObjectReader reader, JsonNode object) {
        try {
            return reader.readValue(object);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ChatException chat) {
                throw chat;
            }
            throw new ChatException(ErrorCode.INVALID_FIELD, "invalid value for field " + quotedPath(e));
        } catch (InvalidTypeIdException e) {
            throw new ChatException(ErrorCode.UNKNOWN_TYPE, "unknown frame type: " + clip(String.valueOf(e.getTypeId())));
        } catch (MismatchedInputException e) {
            throw wrongType(e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException) {
                throw outOfRange(e);
            }
            throw new ChatException(ErrorCode.INVALID_FIELD, "invalid value for field " + quotedPath(e));
        } catch (ChatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "invalid value");
        }
    }

    private static ChatException wrongType(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum() && e instanceof InvalidFormatException f
                && f.getValue() instanceof String) {
            return new ChatException(ErrorCode.INVALID_FIELD, "field " + quotedPath(e) + " must be one of "
                    + Stream.of(target.getEnumConstants()).map(StrictJson::wire).collect(Collectors.joining(", ")));
        }
        List<JsonMappingException.Reference> path = e.getPath();
        String field = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
        String expected = field == null ? expected(target) : EXPECTED.getOrDefault(field, expected(target));
        return new ChatException(ErrorCode.INVALID_FIELD, "wrong type for field " + quotedPath(e) + ": expected "
                + expected);
    }

    /** A number too large for a Java int or long: out of range for a number, the wrong type for a string or enum. */
    private static ChatException outOfRange(JsonMappingException e) {
        Class<?> target = recordComponentType(e);
        if (target == null || !(target.isEnum() || target == String.class || target == Boolean.class)) {
            return new ChatException(ErrorCode.INVALID_FIELD, "field " + quotedPath(e) + " is out of range");
        }
        return new ChatException(ErrorCode.INVALID_FIELD, "wrong type for field " + quotedPath(e) + ": expected "
                + expected(target));
    }

    /** The declared type of a top-level field of the record being read (Jackson names no target for overflows). */
    private static Class<?> recordComponentType(JsonMappingException e) {
        if (e.getPath().size() != 1 || !(e.getPath().get(0).getFrom() instanceof Class<?> type) || !type.isRecord()) {
            return null;
        }
        return Stream.of(type.getRecordComponents()).filter(c -> c.getName().equals(e.getPath().get(0).getFieldName()))
                .<Class<?>>map(RecordComponent::getType).findFirst().orElse(null);
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "another type";
        }
        if (target == String.class || target.isEnum()) {
            return "a string";
        }
        if (target == Long.class || target == Integer.class || target == long.class || target == int.class) {
            return "an integer";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String wire(Object constant) {
        return FrameCodec.mapper().convertValue(constant, String.class);
    }

    /** The JSON path of the failing value, quoted: {@code "userIds[1]"}, {@code "cursors[\"dm.…\"]"}. */
    private static String quotedPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            Object from = ref.getFrom();
            boolean inMap = from instanceof Map<?, ?> || from instanceof Class<?> c && Map.class.isAssignableFrom(c);
            if (ref.getFieldName() != null && inMap) {
                sb.append("[\"").append(clip(ref.getFieldName())).append("\"]");
            } else if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(clip(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return "\"" + (sb.isEmpty() ? "?" : sb) + "\"";
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
