package chat.client.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The playing time of audio and video in the ISO base media file format (MP4, MOV, M4A, 3GP: what phones record),
 * read from the movie header box ({@code moov/mvhd}: timescale and duration, ISO/IEC 14496-12 §8.2.2). Only box
 * headers are read, never the media. Anything else, or a file that does not parse, has no duration: it is sent
 * without one rather than refused.
 */
public final class MediaDurations {
    /** A box nesting or count beyond this is not a real file; stop rather than loop. */
    private static final int MAX_BOXES = 10_000;

    private MediaDurations() {
    }

    /** Milliseconds, when the file is an ISO media file with a movie header. */
    public static Optional<Long> of(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long[] moov = find(ch, 0, ch.size(), "moov");
            if (moov == null) {
                return Optional.empty();
            }
            long[] mvhd = find(ch, moov[0], moov[1], "mvhd");
            return mvhd == null ? Optional.empty() : duration(ch, mvhd[0], mvhd[1]);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The content range {start, end} of the first box of {@code type} among the boxes in [from, to). */
    private static long[] find(FileChannel ch, long from, long to, String type) throws IOException {
        long at = from;
        for (int n = 0; n < MAX_BOXES && at + 8 <= to; n++) {
            ByteBuffer head = read(ch, at, 16);
            long size = Integer.toUnsignedLong(head.getInt(0));
            String name = new String(new byte[] {head.get(4), head.get(5), head.get(6), head.get(7)},
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (head.limit() < 16) {
                    return null;
                }
                size = head.getLong(8);
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header || at + size > to) {
                return null;
            }
            if (name.equals(type)) {
                return new long[] {at + header, at + size};
            }
            at += size;
        }
        return null;
    }

    private static Optional<Long> duration(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer box = read(ch, from, (int) Math.min(32, to - from));
        int version = box.get(0) & 0xff;
        long timescale;
        long duration;
        if (version == 1 && box.limit() >= 32) {
            timescale = Integer.toUnsignedLong(box.getInt(20));
            duration = box.getLong(24);
        } else if (version == 0 && box.limit() >= 20) {
            timescale = Integer.toUnsignedLong(box.getInt(12));
            duration = Integer.toUnsignedLong(box.getInt(16));
        } else {
            return Optional.empty();
        }
        if (timescale == 0 || duration < 0 || duration == 0xFFFFFFFFL && version == 0) {
            return Optional.empty(); // all ones: duration unknown (ISO/IEC 14496-12)
        }
        return Optional.of(duration * 1000 / timescale);
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
            // until full or the end of the file
        }
        buf.flip();
        return buf;
    }
}
