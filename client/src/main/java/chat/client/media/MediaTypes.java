package chat.client.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The content type an attachment is sent with. The platform's guess first; where it has none (a minimal container
 * often has no MIME database, so {@link Files#probeContentType} returns null), the file name's extension, then the
 * first bytes of common formats; else {@value #OCTET_STREAM}.
 */
public final class MediaTypes {
    public static final String OCTET_STREAM = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("opus", "audio/opus"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("txt", "text/plain"),
            Map.entry("zip", "application/zip"));

    private MediaTypes() {
    }

    public static String guess(Path file) {
        String probed = probe(file);
        if (probed != null) {
            return probed;
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            String type = BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (type != null) {
                return type;
            }
        }
        return sniff(file);
    }

    private static String probe(Path file) {
        try {
            String type = Files.probeContentType(file);
            return type == null || type.isBlank() || type.length() > 127 ? null : type;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The magic numbers of the formats in the table, for files without a telling name. */
    private static String sniff(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(12);
        } catch (IOException | RuntimeException e) {
            return OCTET_STREAM;
        }
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (ascii(head, 0, "GIF8")) {
            return "image/gif";
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return "image/webp";
        }
        if (ascii(head, 0, "%PDF")) {
            return "application/pdf";
        }
        if (startsWith(head, 0, 'P', 'K', 3, 4)) {
            return "application/zip";
        }
        if (ascii(head, 0, "OggS")) {
            return "audio/ogg";
        }
        if (ascii(head, 0, "ID3")) {
            return "audio/mpeg";
        }
        if (ascii(head, 4, "ftyp")) {
            return ascii(head, 8, "qt  ") ? "video/quicktime" : ascii(head, 8, "M4A ") ? "audio/mp4" : "video/mp4";
        }
        return OCTET_STREAM;
    }

    private static boolean ascii(byte[] head, int at, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        return head.length >= at + m.length && Arrays.equals(head, at, at + m.length, m, 0, m.length);
    }

    private static boolean startsWith(byte[] head, int at, int... magic) {
        if (head.length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[at + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
