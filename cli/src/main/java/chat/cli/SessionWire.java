package chat.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a one-shot command and a live session say to each other over the profile's Unix-domain socket: the command
 * sends its argv; the session answers with chunks of standard output and standard error, then the exit status.
 * Length-prefixed UTF-8, so any text passes unchanged.
 */
final class SessionWire {
    static final int VERSION = 1;
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    private static final int MAX_ARGS = 4096;
    private static final int MAX_CHUNK = 16 * 1024 * 1024;

    private SessionWire() {
    }

    /** One frame of the answer. {@code status} is set for {@link #EXIT}, {@code text} for the others. */
    record Chunk(byte kind, String text, int status) {
    }

    static void writeArgs(DataOutputStream out, List<String> args) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(args.size());
        for (String a : args) {
            writeText(out, a);
        }
        out.flush();
    }

    static List<String> readArgs(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unknown session protocol version " + version);
        }
        int n = in.readInt();
        if (n < 0 || n > MAX_ARGS) {
            throw new IOException("bad argument count " + n);
        }
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(readText(in));
        }
        return args;
    }

    static void writeChunk(DataOutputStream out, byte kind, String text) throws IOException {
        out.writeByte(kind);
        writeText(out, text);
        out.flush();
    }

    static void writeExit(DataOutputStream out, int status) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(status);
        out.flush();
    }

    /** The next frame of the answer; EOFException when the session went away before the exit status. */
    static Chunk readChunk(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case EXIT -> new Chunk(kind, null, in.readInt());
            case OUT, ERR -> new Chunk(kind, readText(in), 0);
            default -> throw new IOException("unknown frame kind " + kind);
        };
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_CHUNK) {
            throw new EOFException("bad length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
