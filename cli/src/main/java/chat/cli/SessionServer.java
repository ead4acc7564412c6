package chat.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The live session's side of the profile socket: runs each one-shot command it is handed, with the session's device,
 * and streams the command's output and exit status back. Only the profile's owner may connect (the socket is 600 and
 * each peer's uid is checked). Call only while holding the profile lock: then nobody else serves this socket, and a
 * socket file left by a crashed session can be removed.
 */
final class SessionServer implements AutoCloseable {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path socket;
    private final LiveSession session;
    private final ServerSocketChannel server;
    private final UserPrincipal owner;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chat-session-command");
        t.setDaemon(true);
        return t;
    });

    private SessionServer(Path socket, LiveSession session, ServerSocketChannel server, UserPrincipal owner) {
        this.socket = socket;
        this.session = session;
        this.server = server;
        this.owner = owner;
    }

    static SessionServer start(ProfileFiles files, LiveSession session) {
        Path socket = files.socket();
        if (SessionClient.answers(socket)) {
            throw Handover.sessionRunning(); // cannot happen while we hold the lock; never remove a live one
        }
        try {
            Files.deleteIfExists(socket); // stale: its session died without removing it
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(socket));
            if (POSIX) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
            SessionServer s = new SessionServer(socket, session, ch, Files.getOwner(files.profile()));
            s.workers.execute(s::accept);
            return s;
        } catch (IOException e) {
            throw new CliException("SESSION_SOCKET", "cannot listen on " + socket + ": " + e.getMessage());
        }
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel peer;
            try {
                peer = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            try {
                workers.execute(() -> serve(peer));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(peer);
            }
        }
    }

    private void serve(SocketChannel peer) {
        try (peer) {
            if (!sameUser(peer)) {
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(peer)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(peer)));
            List<String> args = SessionWire.readArgs(in);
            PrintWriter stdout = new PrintWriter(new ChunkWriter(out, SessionWire.OUT), true);
            PrintWriter stderr = new PrintWriter(new ChunkWriter(out, SessionWire.ERR), true);
            int status;
            if (CommandKinds.classify(args.toArray(String[]::new)).kind() != CommandKinds.Kind.ONE_SHOT) {
                stderr.println("error: SESSION_RUNNING: a live session takes one-shot commands only");
                status = 2;
            } else {
                ChatCli root = new ChatCli();
                root.session = session;
                status = ChatCli.execute(root, args.toArray(String[]::new), stdout, stderr);
            }
            stdout.flush();
            stderr.flush();
            synchronized (out) {
                SessionWire.writeExit(out, status);
            }
        } catch (IOException | UncheckedIOException e) {
            // the one-shot command went away; what it asked for has run or is abandoned
        }
    }

    private boolean sameUser(SocketChannel peer) throws IOException {
        try {
            UnixDomainPrincipal p = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user().equals(owner) || p.user().getName().equals(owner.getName());
        } catch (UnsupportedOperationException e) {
            return true; // no peer credentials here: the socket's mode 600 still keeps others out
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a later session removes it under the lock
        }
        workers.shutdownNow();
        session.close();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A writer that sends what it holds as one chunk at each flush. */
    private static final class ChunkWriter extends Writer {
        private final DataOutputStream out;
        private final byte kind;
        private final StringBuilder pending = new StringBuilder();

        ChunkWriter(DataOutputStream out, byte kind) {
            super(out);
            this.out = out;
            this.kind = kind;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            synchronized (out) {
                pending.append(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (out) {
                if (pending.length() > 0) {
                    SessionWire.writeChunk(out, kind, pending.toString());
                    pending.setLength(0);
                }
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
