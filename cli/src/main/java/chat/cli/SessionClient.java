package chat.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The one-shot side: hands a command to the profile's live session, if one answers on its socket. */
final class SessionClient {
    private SessionClient() {
    }

    /** A connection to the live session, or empty when nobody listens (no socket file, or a stale one). */
    static Optional<SocketChannel> connect(Path socket) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(ch);
        } catch (IOException | UnsupportedOperationException e) {
            close(ch);
            return Optional.empty();
        }
    }

    /** Whether a live session answers on the socket. */
    static boolean answers(Path socket) {
        Optional<SocketChannel> ch = connect(socket);
        ch.ifPresent(SessionClient::close);
        return ch.isPresent();
    }

    /**
     * Runs {@code args} in the live session and copies its output here; the exit status, or empty when no session
     * answers (the caller then connects itself).
     */
    static Optional<Integer> forward(Path socket, List<String> args, PrintWriter out, PrintWriter err) {
        Optional<SocketChannel> connected = connect(socket);
        if (connected.isEmpty()) {
            return Optional.empty();
        }
        try (SocketChannel ch = connected.get()) {
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            DataInputStream answer = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            SessionWire.writeArgs(request, args);
            while (true) {
                SessionWire.Chunk c = SessionWire.readChunk(answer);
                switch (c.kind()) {
                    case SessionWire.OUT -> {
                        out.print(c.text());
                        out.flush();
                    }
                    case SessionWire.ERR -> {
                        err.print(c.text());
                        err.flush();
                    }
                    default -> {
                        return Optional.of(c.status());
                    }
                }
            }
        } catch (EOFException e) {
            err.println("error: SESSION_LOST: the live session of this profile ended before the command finished "
                    + "(it may have run in part)");
            return Optional.of(1);
        } catch (IOException e) {
            err.println("error: SESSION_LOST: " + e.getMessage());
            return Optional.of(1);
        }
    }

    private static void close(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }
}
