package chat.e2ee.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.e2ee.content.InvalidContentException.Kind;
import chat.e2ee.wire.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChatContentTest {
    static final String ID = "att_AAAAAAAAAAAAAAAAAAAAA-";

    static AttachmentPointer pointer(String fileName) {
        byte[] key = new byte[64];
        Arrays.fill(key, (byte) 7);
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) 9);
        return new AttachmentPointer(ID, key, digest, 1234, "image/jpeg", fileName, 1200, 800, null,
                new byte[] {(byte) 0xFF, (byte) 0xD8}, 1360);
    }

    private static byte[] structured(byte[] proto) {
        byte[] out = new byte[proto.length + 2];
        out[1] = 1;
        System.arraycopy(proto, 0, out, 2, proto.length);
        return out;
    }

    private static InvalidContentException refusal(byte[] bytes) {
        try {
            ChatContent.decode(bytes);
        } catch (InvalidContentException e) {
            return e;
        }
        throw new AssertionError("decoded " + Arrays.toString(bytes));
    }

    @Test
    void textAloneIsWrittenAsBareUtf8SoOlderClientsReadIt() throws Exception {
        ChatContent content = ChatContent.text("h\u00e9llo \uD83D\uDE00");
        assertThat(content.encode()).isEqualTo("h\u00e9llo \uD83D\uDE00".getBytes(StandardCharsets.UTF_8));
        assertThat(ChatContent.decode(content.encode())).isEqualTo(content);
    }

    @Test
    void anEmptyMessageIsEmptyText() throws Exception {
        assertThat(ChatContent.text("").encode()).isEmpty();
        assertThat(ChatContent.decode(new byte[0])).isEqualTo(ChatContent.text(""));
    }

    @Test
    void aMessageWithAttachmentsIsStructuredAndRoundTrips() throws Exception {
        AttachmentPointer bare = new AttachmentPointer(ID, new byte[64], new byte[32], 0, "application/pdf", null,
                null, null, null, null, 592);
        AttachmentPointer voice = new AttachmentPointer(ID, new byte[64], new byte[32], 99_999, "audio/ogg",
                "voice.ogg", null, null, 61_000L, null, 100_000);
        ChatContent content = new ChatContent("look", List.of(pointer("IMG_1.jpg"), bare, voice));
        byte[] encoded = content.encode();
        assertThat(encoded[0]).isEqualTo((byte) 0);
        assertThat(encoded[1]).isEqualTo((byte) 1);
        ChatContent back = ChatContent.decode(encoded);
        assertThat(back).isEqualTo(content);
        assertThat(back.attachments().get(1).fileName()).isNull();
        assertThat(back.attachments().get(1).width()).isNull();
        assertThat(back.attachments().get(2).durationMs()).isEqualTo(61_000L);
        assertThat(back.encode()).isEqualTo(encoded);
    }

    @Test
    void attachmentsWithoutTextHaveNoText() throws Exception {
        ChatContent content = new ChatContent(null, List.of(pointer(null)));
        assertThat(ChatContent.decode(content.encode()).text()).isNull();
    }

    @Test
    void textStartingWithNulIsStructuredSoItIsNotMistakenForTheMarker() throws Exception {
        ChatContent content = ChatContent.text("\0odd");
        assertThat(content.encode()[0]).isEqualTo((byte) 0);
        assertThat(ChatContent.decode(content.encode())).isEqualTo(content);
    }

    @Test
    void theFieldsAreTheOnesThePlanNames() throws Exception {
        byte[] pointer = new ProtoWriter().bytes(1, ID.getBytes(StandardCharsets.UTF_8)).bytes(2, new byte[64])
                .bytes(3, new byte[32]).uint64(4, 5).bytes(5, "text/plain".getBytes(StandardCharsets.UTF_8))
                .bytes(6, "a.txt".getBytes(StandardCharsets.UTF_8)).uint32(7, 1).uint32(8, 2).uint64(9, 3)
                .bytes(10, new byte[] {1}).uint64(11, 592).toByteArray();
        byte[] bytes = structured(new ProtoWriter().bytes(1, "hi".getBytes(StandardCharsets.UTF_8))
                .bytes(2, pointer).toByteArray());
        ChatContent expected = new ChatContent("hi", List.of(new AttachmentPointer(ID, new byte[64], new byte[32],
                5, "text/plain", "a.txt", 1, 2, 3L, new byte[] {1}, 592)));
        assertThat(ChatContent.decode(bytes)).isEqualTo(expected);
        assertThat(expected.encode()).isEqualTo(bytes);
    }

    @Test
    void unknownFieldsAreSkipped() throws Exception {
        byte[] pointer = new ProtoWriter().bytes(1, ID.getBytes(StandardCharsets.UTF_8)).bytes(2, new byte[64])
                .bytes(3, new byte[32]).uint64(4, 5).bytes(5, "text/plain".getBytes(StandardCharsets.UTF_8))
                .uint64(11, 592).bytes(40, new byte[] {1, 2}).uint64(41, 7).toByteArray();
        byte[] bytes = structured(new ProtoWriter().bytes(2, pointer).uint32(3, 1).bytes(99, new byte[3])
                .toByteArray());
        ChatContent content = ChatContent.decode(bytes);
        assertThat(content.text()).isNull();
        assertThat(content.attachments()).singleElement().extracting(AttachmentPointer::size).isEqualTo(5L);
    }

    @Test
    void anUnknownVersionIsUnsupportedNotMalformed() {
        InvalidContentException e = refusal(new byte[] {0, 2, 10, 1, 65});
        assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_VERSION);
        assertThat(e).hasMessageContaining("unsupported content version");
    }

    @Test
    void malformedContentIsRefusedWithACheckedException() {
        byte[] truncated = Arrays.copyOf(new ChatContent("x", List.of(pointer("a.jpg"))).encode(), 40);
        byte[] missingKey = structured(new ProtoWriter().bytes(2, new ProtoWriter()
                .bytes(1, ID.getBytes(StandardCharsets.UTF_8)).bytes(3, new byte[32]).uint64(4, 1)
                .bytes(5, "a/b".getBytes(StandardCharsets.UTF_8)).uint64(11, 592).toByteArray()).toByteArray());
        byte[] pathName = new ChatContent(null, List.of(pointer("ok.jpg"))).encode();
        byte[] dots = pathName.clone();
        int at = indexOf(dots, "ok.jpg".getBytes(StandardCharsets.UTF_8));
        System.arraycopy("../abc".getBytes(StandardCharsets.UTF_8), 0, dots, at, 6);
        for (byte[] bad : List.of(new byte[] {0}, truncated, missingKey, dots, new byte[] {(byte) 0xC3},
                new byte[] {'a', (byte) 0xFF}, structured(new byte[] {0x0B}), structured(new byte[] {0x12, 0x01}))) {
            assertThat(refusal(bad).kind()).as(Arrays.toString(bad)).isEqualTo(Kind.MALFORMED);
        }
    }

    @Test
    void randomBytesNeverThrowAnythingButTheCheckedRefusal() {
        Random random = new Random(42);
        ChatContent valid = new ChatContent("x", List.of(pointer("a.jpg")));
        byte[] base = valid.encode();
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = base.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[2 + random.nextInt(bytes.length - 2)] = (byte) random.nextInt(256);
            }
            try {
                ChatContent.decode(bytes);
            } catch (InvalidContentException expected) {
                assertThat(expected.kind()).isEqualTo(Kind.MALFORMED);
            }
        }
    }

    @Test
    void pointersRefuseWhatAClientCouldMishandle() {
        byte[] k = new byte[64];
        byte[] d = new byte[32];
        assertThatThrownBy(() -> new AttachmentPointer("att_short", k, d, 1, "a/b", null, null, null, null, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachmentPointer(ID, new byte[32], d, 1, "a/b", null, null, null, null, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachmentPointer(ID, k, new byte[31], 1, "a/b", null, null, null, null, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachmentPointer(ID, k, d, -1, "a/b", null, null, null, null, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachmentPointer(ID, k, d, 1, " ", null, null, null, null, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachmentPointer(ID, k, d, 1, "a".repeat(128), null, null, null, null, null,
                1)).isInstanceOf(IllegalArgumentException.class);
        for (String name : List.of("", ".", "..", "a/b", "a\\b", "a\0b", "x".repeat(256))) {
            assertThatThrownBy(() -> new AttachmentPointer(ID, k, d, 1, "a/b", name, null, null, null, null, 1))
                    .as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new AttachmentPointer(ID, k, d, 1, "a/b", null, -1, null, null, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachmentPointer(ID, k, d, 1, "a/b", null, null, null, -1L, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachmentPointer(ID, k, d, 1, "a/b", null, null, null, null,
                new byte[64 * 1024 + 1], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AttachmentPointer(ID, k, d, 1, "a/b", "..x", null, null, null, new byte[64 * 1024], 1)
                .fileName()).isEqualTo("..x");
    }

    @Test
    void aPointerDoesNotPrintItsKey() {
        assertThat(pointer("a.jpg").toString()).doesNotContain("[B").contains(ID);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
