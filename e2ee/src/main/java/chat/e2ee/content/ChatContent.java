package chat.e2ee.content;

import chat.e2ee.content.InvalidContentException.Kind;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The plaintext of a chat message, as encrypted for a conversation. Two forms, told apart by the first byte:
 * <ul>
 * <li>bare UTF-8 text (what every message was before attachments, and what a client without attachment support
 * still sends): any bytes not starting with 0x00; no attachments;</li>
 * <li>structured: 0x00, a version byte (0x01), then protobuf {@code ChatContent {1 text; 2 repeated
 * AttachmentPointer}} (fields in docs/e2ee.md). Text does not start with NUL, so 0x00 is free as the marker.</li>
 * </ul>
 * Text alone is always written bare, so older readers keep understanding it. Unknown protobuf fields are skipped
 * (a newer client's additions); an unknown version byte is {@link Kind#UNSUPPORTED_VERSION}.
 *
 * @param text the message text, or null (attachments only)
 */
public record ChatContent(String text, List<AttachmentPointer> attachments) {
    static final byte MARKER = 0x00;
    static final byte VERSION = 0x01;

    public ChatContent {
        if (attachments == null || attachments.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("attachments are a list of pointers");
        }
        attachments = List.copyOf(attachments);
    }

    public static ChatContent text(String text) {
        return new ChatContent(text, List.of());
    }

    public byte[] encode() {
        if (attachments.isEmpty() && text != null && !text.startsWith("\0")) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ProtoWriter proto = new ProtoWriter();
        if (text != null) {
            proto.bytes(1, text.getBytes(StandardCharsets.UTF_8));
        }
        for (AttachmentPointer a : attachments) {
            proto.bytes(2, encode(a));
        }
        byte[] body = proto.toByteArray();
        byte[] out = new byte[body.length + 2];
        out[0] = MARKER;
        out[1] = VERSION;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    private static byte[] encode(AttachmentPointer a) {
        ProtoWriter p = new ProtoWriter()
                .bytes(1, utf8(a.attachmentId()))
                .bytes(2, a.key())
                .bytes(3, a.digest())
                .uint64(4, a.size())
                .bytes(5, utf8(a.contentType()));
        if (a.fileName() != null) {
            p.bytes(6, utf8(a.fileName()));
        }
        if (a.width() != null) {
            p.uint32(7, a.width());
        }
        if (a.height() != null) {
            p.uint32(8, a.height());
        }
        if (a.durationMs() != null) {
            p.uint64(9, a.durationMs());
        }
        if (a.thumbnail() != null) {
            p.bytes(10, a.thumbnail());
        }
        return p.uint64(11, a.blobSize()).toByteArray();
    }

    /** @throws InvalidContentException for malformed content or a structured version this client does not know */
    public static ChatContent decode(byte[] bytes) throws InvalidContentException {
        if (bytes == null) {
            throw new InvalidContentException(Kind.MALFORMED, "no content");
        }
        if (bytes.length == 0 || bytes[0] != MARKER) {
            return text(utf8(bytes, 0, bytes.length));
        }
        if (bytes.length < 2) {
            throw new InvalidContentException(Kind.MALFORMED, "structured content without a version");
        }
        if (bytes[1] != VERSION) {
            throw new InvalidContentException(Kind.UNSUPPORTED_VERSION, String.valueOf(bytes[1] & 0xFF));
        }
        try {
            ProtoReader proto = ProtoReader.parse(java.util.Arrays.copyOfRange(bytes, 2, bytes.length));
            byte[] text = proto.bytes(1);
            List<AttachmentPointer> attachments = new ArrayList<>();
            for (byte[] pointer : proto.repeatedBytes(2)) {
                attachments.add(decodePointer(pointer));
            }
            return new ChatContent(text == null ? null : utf8(text, 0, text.length), attachments);
        } catch (InvalidMessageException | IllegalArgumentException e) {
            // The protobuf reader's and the records' refusals: both mean the sender wrote something malformed.
            throw new InvalidContentException(Kind.MALFORMED, e.getMessage());
        }
    }

    private static AttachmentPointer decodePointer(byte[] bytes) throws InvalidContentException {
        ProtoReader p = ProtoReader.parse(bytes);
        byte[] id = p.bytes(1);
        byte[] contentType = p.bytes(5);
        long size = p.uint64(4, -1);
        long blobSize = p.uint64(11, -1);
        if (id == null || p.bytes(2) == null || p.bytes(3) == null || size < 0 || contentType == null
                || blobSize < 0) {
            throw new InvalidContentException(Kind.MALFORMED, "an attachment pointer lacks a required field");
        }
        byte[] fileName = p.bytes(6);
        byte[] thumbnail = p.bytes(10);
        return new AttachmentPointer(utf8(id, 0, id.length), p.bytes(2), p.bytes(3), size,
                utf8(contentType, 0, contentType.length),
                fileName == null ? null : utf8(fileName, 0, fileName.length),
                dimension(p, 7), dimension(p, 8), optional(p.uint64(9, -1)), thumbnail, blobSize);
    }

    // Optional numbers are read from varints only (as the TypeScript reader does): a field of another wire type
    // under the same number is ignored as unknown.
    private static Long optional(long value) {
        return value < 0 ? null : value;
    }

    private static Integer dimension(ProtoReader p, int field) {
        long value = p.uint32(field, -1);
        if (value < 0) {
            return null;
        }
        if (value > Integer.MAX_VALUE) {
            throw new InvalidMessageException("field " + field + " is out of range");
        }
        return (int) value;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Strict: bytes that are not UTF-8 are malformed, not replaced. */
    private static String utf8(byte[] bytes, int from, int length) throws InvalidContentException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidContentException(Kind.MALFORMED, "text that is not UTF-8");
        }
    }
}
