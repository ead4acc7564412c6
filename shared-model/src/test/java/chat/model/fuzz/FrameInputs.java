package chat.model.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs for the frame parser, from blind to structure-aware: random text and bytes, JSON token soup, frames built
 * from the protocol's own field names with right and wrong values, mutated valid frames, deep nesting.
 */
final class FrameInputs {
    static final String USER = "u0123456789abcdef";
    static final String USER2 = "u0123456789abcdeg";
    static final String DM = "dm." + USER + "." + USER2;
    static final String GROUP = "g0123456789abcdef";

    /** Each client frame type with its fields. */
    static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("send", List.of("conversationId", "peer", "clientMsgId", "body")),
            Map.entry("ack", List.of("conversationId", "delivered", "read")),
            Map.entry("sync", List.of("cursors", "limit")),
            Map.entry("history", List.of("conversationId", "beforeSeq", "limit")),
            Map.entry("conversations", List.of()),
            Map.entry("createGroup", List.of("clientMsgId", "name", "userIds")),
            Map.entry("groupChange", List.of("clientMsgId", "conversationId", "action", "userIds", "name")),
            Map.entry("members", List.of("conversationId")),
            Map.entry("readers", List.of("conversationId", "seq")),
            Map.entry("subscribePresence", List.of("userIds")),
            Map.entry("setPrivacy", List.of("lastSeen")),
            Map.entry("typing", List.of("conversationId", "typing")),
            Map.entry("registerPush", List.of("kind", "endpoint", "p256dh", "auth", "token")));

    /** One valid encoding per frame type: the seeds of the mutators. */
    static final List<String> VALID = List.of(
            "{\"type\":\"send\",\"reqId\":\"r1\",\"peer\":\"@bob_1\",\"clientMsgId\":\"c-1\",\"body\":\"aGVsbG8=\"}",
            "{\"type\":\"send\",\"conversationId\":\"" + DM + "\",\"clientMsgId\":\"6f1c:0b.9e\",\"body\":\"AA==\"}",
            "{\"type\":\"ack\",\"reqId\":\"k1\",\"conversationId\":\"" + GROUP + "\",\"delivered\":3,\"read\":2}",
            "{\"type\":\"sync\",\"reqId\":\"s1\",\"cursors\":{\"" + DM + "\":40,\"" + GROUP + "\":0},\"limit\":100}",
            "{\"type\":\"history\",\"reqId\":\"h\",\"conversationId\":\"" + DM + "\",\"beforeSeq\":9,\"limit\":5}",
            "{\"type\":\"conversations\",\"reqId\":\"c1\"}",
            "{\"type\":\"createGroup\",\"reqId\":\"g\",\"clientMsgId\":\"x\",\"name\":\"Hikers\",\"userIds\":[\""
                    + USER2 + "\"]}",
            "{\"type\":\"groupChange\",\"clientMsgId\":\"y\",\"conversationId\":\"" + GROUP
                    + "\",\"action\":\"add\",\"userIds\":[\"" + USER + "\"]}",
            "{\"type\":\"groupChange\",\"clientMsgId\":\"z\",\"conversationId\":\"" + GROUP
                    + "\",\"action\":\"rename\",\"name\":\"Новое имя 🏔\"}",
            "{\"type\":\"members\",\"reqId\":\"m\",\"conversationId\":\"" + GROUP + "\"}",
            "{\"type\":\"readers\",\"reqId\":\"rd\",\"conversationId\":\"" + GROUP + "\",\"seq\":7}",
            "{\"type\":\"subscribePresence\",\"reqId\":\"p\",\"userIds\":[\"" + USER + "\",\"" + USER2 + "\"]}",
            "{\"type\":\"setPrivacy\",\"reqId\":\"v\",\"lastSeen\":\"contacts\"}",
            "{\"type\":\"typing\",\"conversationId\":\"" + DM + "\",\"typing\":true}",
            "{\"type\":\"registerPush\",\"reqId\":\"n\",\"kind\":\"fcm\",\"token\":\"abc:DEF-123_x.y\"}",
            "{\"type\":\"registerPush\",\"kind\":\"webpush\",\"endpoint\":\"https://push.example/a\",\"p256dh\":\""
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[65]) + "\",\"auth\":\""
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]) + "\"}");

    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ":", ",", "\"", "\"type\"", "\"send\"",
            "\"ack\"", "\"sync\"", "\"reqId\"", "\"body\"", "\"conversationId\"", "\"" + DM + "\"", "null", "true",
            "false", "0", "-0", "1", "-1", "1e999", "-1e-999", "9223372036854775808", "1.5", "NaN", "Infinity",
            "\"\\u0000\"", "\"\\ud800\"", "\"\\\"", "\\", "/*", "*/", "//", " ", "\n", "\t", "\uFEFF", "é", "😀",
            "\"aGk=\"", "'", "\u0000", "\"cursors\"", "\"limit\"", "\"userIds\"", "{}", "[]");

    private FrameInputs() {
    }

    /** Any UTF-16 string, lone surrogates and control characters included; jqwik's own edge cases mixed in. */
    static Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    /** Random text, generated from a seed (much cheaper per input than a generated string). */
    static Arbitrary<String> seededText() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            return unicode(r, r.nextInt(r.nextInt(8) == 0 ? 2000 : 200));
        });
    }

    /** Random bytes read as UTF-8 (malformed sequences become U+FFFD) or Latin-1. */
    static Arbitrary<String> decodedBytes() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            byte[] bytes = new byte[r.nextInt(300)];
            r.nextBytes(bytes);
            if (r.nextBoolean() && bytes.length > 0) {
                bytes[0] = '{';
            }
            return new String(bytes, r.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        });
    }

    /** Sequences of JSON tokens and near-tokens: mostly not JSON, sometimes almost. */
    static Arbitrary<String> tokenSoup() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            StringBuilder b = new StringBuilder();
            for (int i = r.nextInt(40); i > 0; i--) {
                b.append(TOKENS.get(r.nextInt(TOKENS.size())));
            }
            return b.toString();
        });
    }

    /** A JSON object of a random frame type, its real fields (some missing, some extra) holding random values. */
    static Arbitrary<String> structuredFrames() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            List<String> types = List.copyOf(FIELDS.keySet());
            String type = types.get(r.nextInt(types.size()));
            if (r.nextInt(10) > 0) {
                o.set("type", r.nextInt(12) == 0 ? value(r, 0) : JsonNodeFactory.instance.textNode(type));
            }
            if (r.nextBoolean()) {
                o.set("reqId", r.nextInt(3) == 0 ? value(r, 0) : JsonNodeFactory.instance.textNode("r" + r.nextInt()));
            }
            for (String field : FIELDS.get(type)) {
                if (r.nextInt(5) > 0) {
                    o.set(field, r.nextInt(3) == 0 ? value(r, 0) : plausible(r, field));
                }
            }
            if (r.nextInt(4) == 0) {
                o.set(unicode(r, 1 + r.nextInt(8)), value(r, 0));
            }
            return o.toString();
        });
    }

    /** The JSON type of each field of a client frame. */
    enum JsonType { STRING, INTEGER, BOOLEAN, ARRAY, OBJECT }

    static final Map<String, JsonType> TYPES = Map.ofEntries(
            Map.entry("reqId", JsonType.STRING), Map.entry("conversationId", JsonType.STRING),
            Map.entry("peer", JsonType.STRING), Map.entry("clientMsgId", JsonType.STRING),
            Map.entry("body", JsonType.STRING), Map.entry("name", JsonType.STRING),
            Map.entry("action", JsonType.STRING), Map.entry("lastSeen", JsonType.STRING),
            Map.entry("kind", JsonType.STRING), Map.entry("endpoint", JsonType.STRING),
            Map.entry("p256dh", JsonType.STRING), Map.entry("auth", JsonType.STRING),
            Map.entry("token", JsonType.STRING), Map.entry("delivered", JsonType.INTEGER),
            Map.entry("read", JsonType.INTEGER), Map.entry("beforeSeq", JsonType.INTEGER),
            Map.entry("seq", JsonType.INTEGER), Map.entry("limit", JsonType.INTEGER),
            Map.entry("typing", JsonType.BOOLEAN), Map.entry("userIds", JsonType.ARRAY),
            Map.entry("cursors", JsonType.OBJECT));

    /** A valid frame with one field, named by the pair's second half, set to a value of another JSON type. */
    private static final Pattern LONG_NUMBER = Pattern.compile("[0-9]{25}");
    private static final List<ObjectNode> VALID_TREES = VALID.stream().map(FrameInputs::tree).toList();

    static Arbitrary<Map.Entry<String, String>> wrongTypes() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            ObjectNode o = VALID_TREES.get(r.nextInt(VALID_TREES.size())).deepCopy();
            List<String> fields = new ArrayList<>();
            o.fieldNames().forEachRemaining(f -> {
                if (TYPES.containsKey(f)) {
                    fields.add(f);
                }
            });
            String field = fields.get(r.nextInt(fields.size()));
            JsonNode wrong;
            do {
                wrong = value(r, 0);
            } while (wrong.isNull() || typeOf(wrong) == TYPES.get(field) || tooLongANumber(wrong));
            if (TYPES.get(field) == JsonType.ARRAY && r.nextBoolean()) {
                // An array of the right shape holding an element of the wrong type.
                ArrayNode a = JsonNodeFactory.instance.arrayNode().add(USER);
                do {
                    wrong = value(r, 0);
                } while (wrong.isNull() || wrong.isTextual() || tooLongANumber(wrong));
                wrong = a.add(wrong);
            }
            o.set(field, wrong);
            return Map.entry(o.toString(), field);
        });
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A number over the parser's 24 digits makes the frame malformed, whatever field holds it. */
    private static boolean tooLongANumber(JsonNode v) {
        return LONG_NUMBER.matcher(v.toString()).find();
    }

    private static JsonType typeOf(JsonNode v) {
        if (v.isNumber()) { // by its JSON text: a decimal of scale 0 is written, and read, as an integer
            return v.toString().matches("-?[0-9]+") ? JsonType.INTEGER : null;
        }
        return v.isTextual() ? JsonType.STRING : v.isBoolean() ? JsonType.BOOLEAN : v.isArray() ? JsonType.ARRAY
                : JsonType.OBJECT;
    }

    /** A valid frame with one to four random edits. */
    static Arbitrary<String> mutatedFrames() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            StringBuilder s = new StringBuilder(VALID.get(r.nextInt(VALID.size())));
            int edits = 1 + r.nextInt(4);
            for (int i = 0; i < edits; i++) {
                mutate(s, r);
            }
            return s.toString();
        });
    }

    /** A valid frame inside, or holding, arrays and objects nested up to 200 deep. */
    static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 200), Arbitraries.of(VALID),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as((depth, frame, arrays, inside) -> {
                    String open = arrays ? "[" : "{\"a\":";
                    String close = arrays ? "]" : "}";
                    String nest = open.repeat(depth) + "1" + close.repeat(depth);
                    return inside ? frame.substring(0, frame.length() - 1) + ",\"x\":" + nest + "}"
                            : open.repeat(depth) + frame + close.repeat(depth);
                });
    }

    private static void mutate(StringBuilder s, Random r) {
        if (s.length() == 0) {
            s.append(TOKENS.get(r.nextInt(TOKENS.size())));
            return;
        }
        int at = r.nextInt(s.length());
        switch (r.nextInt(9)) {
            case 0 -> s.deleteCharAt(at);
            case 1 -> s.insert(at, TOKENS.get(r.nextInt(TOKENS.size())));
            case 2 -> s.setCharAt(at, (char) r.nextInt(0x10000));
            case 3 -> s.setLength(at); // truncated
            case 4 -> {
                int to = Math.min(s.length(), at + 1 + r.nextInt(20));
                s.insert(to, s.substring(at, to)); // duplicated span
            }
            case 5 -> replaceDigits(s, r);
            // Now and then a string big enough to push the frame past its size limit (costly, so rare).
            case 6 -> s.insert(at, "\"" + unicode(r, r.nextInt(200) == 0 ? 70_000 + r.nextInt(40_000)
                    : 1 + r.nextInt(80)) + "\"");
            case 7 -> s.replace(at, Math.min(s.length(), at + 1 + r.nextInt(10)), value(r, 0).toString());
            default -> {
                int to = Math.min(s.length(), at + 1 + r.nextInt(30));
                s.delete(at, to);
            }
        }
    }

    private static void replaceDigits(StringBuilder s, Random r) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i)) && (i == 0 || s.charAt(i - 1) == ':')) {
                int end = i;
                while (end < s.length() && Character.isDigit(s.charAt(end))) {
                    end++;
                }
                s.replace(i, end, hugeNumber(r));
                return;
            }
        }
        s.append(hugeNumber(r));
    }

    private static String hugeNumber(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "9".repeat(1 + r.nextInt(40));
            case 1 -> "-" + Long.MAX_VALUE;
            case 2 -> "1e" + r.nextInt(100_000);
            case 3 -> "0." + "0".repeat(r.nextInt(30)) + "1";
            case 4 -> Long.toString(r.nextLong());
            default -> "2147483648";
        };
    }

    /** A value of any JSON type, nested a little. */
    private static JsonNode value(Random r, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (r.nextInt(depth > 3 ? 9 : 11)) {
            case 0: return f.nullNode();
            case 1: return f.booleanNode(r.nextBoolean());
            case 2: return f.numberNode(r.nextLong());
            case 3: return f.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 4: return f.numberNode(new BigInteger(1 + r.nextInt(100), r));
            case 5: return f.numberNode(new BigDecimal(new BigInteger(1 + r.nextInt(60), r), r.nextInt(60) - 30));
            case 6: return f.textNode(unicode(r, r.nextInt(40)));
            case 7: return f.textNode(r.nextBoolean() ? DM : GROUP);
            case 8: return f.numberNode(r.nextInt(3) - 1);
            case 9: {
                ArrayNode a = f.arrayNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    a.add(value(r, depth + 1));
                }
                return a;
            }
            default: {
                ObjectNode o = f.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(r.nextBoolean() ? DM : unicode(r, 1 + r.nextInt(6)), value(r, depth + 1));
                }
                return o;
            }
        }
    }

    /** A value of the right shape for the field, sometimes at or just past its limits. */
    private static JsonNode plausible(Random r, String field) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (field) {
            case "conversationId" -> f.textNode(List.of(DM, GROUP, "dm." + USER + "." + USER, "g", GROUP + "x",
                    "DM." + USER + "." + USER2).get(r.nextInt(6)));
            case "peer" -> f.textNode(List.of("@bob", "@B", "@" + "a".repeat(33), USER, "@", "bob").get(r.nextInt(6)));
            case "clientMsgId" -> f.textNode(r.nextInt(4) == 0 ? "x".repeat(65) : "c" + r.nextInt(1000));
            case "body" -> f.textNode(body(r));
            case "delivered", "read", "beforeSeq", "seq" -> f.numberNode(r.nextInt(5) == 0 ? -1 - r.nextInt(10)
                    : r.nextInt(1000));
            case "limit" -> f.numberNode(List.of(0, 1, 100, 500, 501, -5).get(r.nextInt(6)));
            case "cursors" -> {
                ObjectNode o = f.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.put(r.nextInt(5) == 0 ? "nope" : r.nextBoolean() ? DM : GROUP, r.nextInt(7) - 1);
                }
                yield o;
            }
            case "userIds" -> {
                ArrayNode a = f.arrayNode();
                int n = r.nextInt(10) == 0 ? 257 + r.nextInt(3) : r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(r.nextInt(8) == 0 ? USER : "u" + (1_000_000_000_000_000L + r.nextInt(Integer.MAX_VALUE)));
                }
                yield a;
            }
            case "name" -> f.textNode(r.nextInt(5) == 0 ? " " : unicode(r, r.nextInt(70)));
            case "action" -> f.textNode(List.of("add", "remove", "promote", "rename", "leave", "ADD", "delete")
                    .get(r.nextInt(7)));
            case "lastSeen" -> f.textNode(List.of("everyone", "contacts", "nobody", "Everyone", "").get(r.nextInt(5)));
            case "typing" -> r.nextInt(4) == 0 ? f.textNode("true") : f.booleanNode(r.nextBoolean());
            case "kind" -> f.textNode(List.of("webpush", "fcm", "apns", "sms").get(r.nextInt(4)));
            case "endpoint" -> f.textNode(List.of("https://push.example/x", "ftp://x", "http://", "not a url",
                    "https://" + "a".repeat(2100)).get(r.nextInt(5)));
            case "p256dh", "auth" -> f.textNode(Base64.getUrlEncoder().withoutPadding().encodeToString(
                    new byte[r.nextBoolean() ? ("auth".equals(field) ? 16 : 65) : r.nextInt(80)]));
            case "token" -> f.textNode(r.nextBoolean() ? "tok:" + r.nextInt() : unicode(r, r.nextInt(30)));
            default -> value(r, 0);
        };
    }

    private static String body(Random r) {
        if (r.nextInt(50) == 0) { // at and just past the limit (costly, so rare)
            return Base64.getEncoder().encodeToString(new byte[64 * 1024 - 1 + r.nextInt(3)]);
        }
        return switch (r.nextInt(6)) {
            case 0 -> "";
            case 1 -> "not base64!";
            case 2 -> Base64.getEncoder().encodeToString(new byte[r.nextInt(3)]);
            case 3 -> Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xfb, (byte) 0xff}); // wrong alphabet
            default -> Base64.getEncoder().encodeToString(unicode(r, 1 + r.nextInt(50)).getBytes(StandardCharsets.UTF_8));
        };
    }

    private static String unicode(Random r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(switch (r.nextInt(5)) {
                case 0 -> (char) (0x20 + r.nextInt(0x5f));
                case 1 -> (char) r.nextInt(0x20);
                case 2 -> (char) (0xd800 + r.nextInt(0x800)); // surrogates, paired or not
                default -> (char) r.nextInt(0x10000);
            });
        }
        return b.toString();
    }
}
