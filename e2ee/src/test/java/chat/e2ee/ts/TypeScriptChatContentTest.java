package chat.e2ee.ts;

import static chat.e2ee.ts.TypeScriptDevices.b64;
import static chat.e2ee.ts.TypeScriptDevices.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.content.AttachmentPointer;
import chat.e2ee.content.ChatContent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat contents (bare text and structured with attachment pointers) written by one library and read by the other. */
class TypeScriptChatContentTest {
    private static final String ID = "att_0123456789abcdefABCD_-";

    @TempDir
    static Path logs;
    private static TypeScriptDevices ts;

    @BeforeAll
    static void startNode() throws Exception {
        ts = new TypeScriptDevices(logs);
    }

    @AfterAll
    static void stopNode() throws Exception {
        ts.close();
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static final AttachmentPointer PHOTO = new AttachmentPointer(ID, filled(64, 0xA5), filled(32, 0x5A),
            123_456, "image/jpeg", "Ferien \u00e9t\u00e9 \uD83C\uDF1E.jpg", 4032, 3024, null,
            filled(300, 0xD8), 129_680);
    private static final AttachmentPointer VOICE = new AttachmentPointer(ID, filled(64, 1), filled(32, 2),
            (1L << 40) + 3, "audio/ogg", null, null, null, 3_600_000L, null, (1L << 40) + 100);
    private static final AttachmentPointer BARE = new AttachmentPointer(ID, new byte[64], new byte[32], 0,
            "application/octet-stream", null, 0, 0, 0L, new byte[0], 592);

    private static final List<ChatContent> CONTENTS = List.of(
            ChatContent.text("hello \u00e9 \uD83D\uDE00"),
            ChatContent.text(""),
            ChatContent.text("\0starts with NUL"),
            new ChatContent("three files", List.of(PHOTO, VOICE, BARE)),
            new ChatContent(null, List.of(PHOTO)),
            new ChatContent("", List.of(BARE)));

    private static JsonNode tsDecode(byte[] content) throws Exception {
        return ts.call("decodeContent", Map.of("content", b64(content)));
    }

    @Test
    void javaContentReadsTheSameInTypeScriptAndComesBackByteForByte() throws Exception {
        for (ChatContent content : CONTENTS) {
            byte[] java = content.encode();
            JsonNode read = tsDecode(java);
            if (content.text() == null) {
                assertThat(read.has("text")).isFalse();
            } else {
                assertThat(read.get("text").asText()).isEqualTo(content.text());
            }
            assertThat(read.get("attachments")).hasSize(content.attachments().size());
            for (int i = 0; i < content.attachments().size(); i++) {
                AttachmentPointer p = content.attachments().get(i);
                JsonNode q = read.get("attachments").get(i);
                assertThat(q.get("attachmentId").asText()).isEqualTo(p.attachmentId());
                assertThat(bytes(q.get("key"))).isEqualTo(p.key());
                assertThat(bytes(q.get("digest"))).isEqualTo(p.digest());
                assertThat(q.get("size").asLong()).isEqualTo(p.size());
                assertThat(q.get("blobSize").asLong()).isEqualTo(p.blobSize());
                assertThat(q.get("contentType").asText()).isEqualTo(p.contentType());
                assertThat(q.has("fileName") ? q.get("fileName").asText() : null).isEqualTo(p.fileName());
                assertThat(q.has("width") ? q.get("width").asInt() : null).isEqualTo(p.width());
                assertThat(q.has("durationMs") ? q.get("durationMs").asLong() : null).isEqualTo(p.durationMs());
                assertThat(q.has("thumbnail") ? bytes(q.get("thumbnail")) : null).isEqualTo(p.thumbnail());
            }
            byte[] again = bytes(ts.call("encodeContent", toJson(read)).get("content"));
            assertThat(again).as(content.toString()).isEqualTo(java);
        }
    }

    @Test
    void typeScriptContentDecodesInJavaToTheSameContent() throws Exception {
        for (ChatContent content : CONTENTS) {
            byte[] fromTs = bytes(ts.call("encodeContent", json(content)).get("content"));
            assertThat(ChatContent.decode(fromTs)).isEqualTo(content);
            assertThat(fromTs).isEqualTo(content.encode());
        }
    }

    @Test
    void bothRefuseTheSameBadContent() throws Exception {
        assertThat(tsDecode(new byte[] {0, 2, 1}).get("unsupportedVersion").asInt()).isEqualTo(2);
        byte[] truncated = java.util.Arrays.copyOf(new ChatContent("x", List.of(PHOTO)).encode(), 50);
        for (byte[] bad : List.of(new byte[] {0}, truncated, new byte[] {(byte) 0xC3})) {
            assertThat(tsDecode(bad).has("malformed")).isTrue();
        }
    }

    private static Map<String, Object> toJson(JsonNode read) {
        Map<String, Object> fields = new HashMap<>();
        if (read.has("text")) {
            fields.put("text", read.get("text").asText());
        }
        fields.put("attachments", read.get("attachments"));
        return fields;
    }

    private static Map<String, Object> json(ChatContent content) {
        Map<String, Object> fields = new HashMap<>();
        if (content.text() != null) {
            fields.put("text", content.text());
        }
        List<Map<String, Object>> pointers = new ArrayList<>();
        for (AttachmentPointer p : content.attachments()) {
            Map<String, Object> q = new HashMap<>();
            q.put("attachmentId", p.attachmentId());
            q.put("key", b64(p.key()));
            q.put("digest", b64(p.digest()));
            q.put("size", p.size());
            q.put("contentType", p.contentType());
            q.put("fileName", p.fileName());
            q.put("width", p.width());
            q.put("height", p.height());
            q.put("durationMs", p.durationMs());
            q.put("thumbnail", p.thumbnail() == null ? null : b64(p.thumbnail()));
            q.put("blobSize", p.blobSize());
            pointers.add(q);
        }
        fields.put("attachments", pointers);
        return fields;
    }
}
