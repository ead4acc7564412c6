package chat.client.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durations from the movie header of ISO media files, built here box by box as a recorder writes them. */
class MediaDurationsTest {
    @TempDir
    Path dir;

    @Test
    void aVersion0MovieHeaderGivesTimescaleAndDuration() throws Exception {
        Path mp4 = write("v0.mp4", box("ftyp", "isom0000".getBytes(StandardCharsets.US_ASCII)),
                box("moov", box("mvhd", mvhd0(600, 25_200))), box("mdat", new byte[1000]));
        assertThat(MediaDurations.of(mp4)).contains(42_000L);
    }

    @Test
    void aVersion1HeaderAfterA64BitSizedBoxIsFound() throws Exception {
        byte[] big = largeBox("free", new byte[100]);
        Path m4a = write("v1.m4a", box("ftyp", new byte[8]), big, box("moov", box("trak", new byte[20]),
                box("mvhd", mvhd1(44_100, 44_100L * 3 + 22_050))));
        assertThat(MediaDurations.of(m4a)).contains(3_500L);
    }

    @Test
    void aTruncatedFileOrAnotherFormatHasNoDuration() throws Exception {
        byte[] whole = concat(box("ftyp", new byte[8]), box("moov", box("mvhd", mvhd0(1000, 5000))));
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length - 10));
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a movie at all, just words");
        assertThat(MediaDurations.of(cut)).isEmpty();
        assertThat(MediaDurations.of(text)).isEmpty();
    }

    @Test
    void anUnknownDurationOrAZeroTimescaleIsNone() throws Exception {
        Path unknown = write("u.mp4", box("moov", box("mvhd", mvhd0(600, 0xFFFFFFFFL))));
        Path zero = write("z.mp4", box("moov", box("mvhd", mvhd0(0, 100))));
        assertThat(MediaDurations.of(unknown)).isEmpty();
        assertThat(MediaDurations.of(zero)).isEmpty();
    }

    private Path write(String name, byte[]... boxes) throws Exception {
        return Files.write(dir.resolve(name), concat(boxes));
    }

    private static byte[] mvhd0(long timescale, long duration) {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.putInt(0); // version 0, flags
        b.putInt(0).putInt(0); // creation, modification
        b.putInt((int) timescale).putInt((int) duration);
        return b.array();
    }

    private static byte[] mvhd1(long timescale, long duration) {
        ByteBuffer b = ByteBuffer.allocate(112);
        b.putInt(1 << 24); // version 1, flags
        b.putLong(0).putLong(0);
        b.putInt((int) timescale).putLong(duration);
        return b.array();
    }

    private static byte[] box(String type, byte[]... content) {
        byte[] body = concat(content);
        ByteBuffer b = ByteBuffer.allocate(8 + body.length);
        b.putInt(8 + body.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(body);
        return b.array();
    }

    private static byte[] largeBox(String type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length);
        b.putInt(1).put(type.getBytes(StandardCharsets.US_ASCII)).putLong(16 + body.length).put(body);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
