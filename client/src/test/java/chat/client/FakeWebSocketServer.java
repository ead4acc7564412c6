package chat.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal RFC 6455 server for unit tests (text, close, ping; no extensions): enough to drive the JDK client.
 */
final class FakeWebSocketServer implements AutoCloseable {
    /** Decides about upgrades and handles the text of accepted connections. */
    interface Handler {
        /** Null accepts the upgrade; otherwise the refusal's status and body. */
        default Refusal upgrade(String path, Map<String, String> headers) {
            return null;
        }

        void onOpen(Conn conn);

        void onText(Conn conn, String text);

        default void onClose(Conn conn, int code) {
        }
    }

    record Refusal(int status, String body, Map<String, String> headers) {
    }

    private final ServerSocket server;
    private final Handler handler;
    private final Set<Conn> conns = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    FakeWebSocketServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fake-ws-accept");
        t.setDaemon(true);
        t.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/v1/ws");
    }

    Set<Conn> connections() {
        return conns;
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "fake-ws-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Conn conn = null;
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String requestLine = readLine(in);
            Map<String, String> headers = new HashMap<>();
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            String path = requestLine.split(" ")[1];
            Refusal refusal = handler.upgrade(path, headers);
            if (refusal != null) {
                byte[] body = refusal.body() == null ? new byte[0] : refusal.body().getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder("HTTP/1.1 " + refusal.status() + " Refused\r\n");
                refusal.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
                        .append("\r\nConnection: close\r\n\r\n");
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                socket.close();
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (headers.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                            .getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            conn = new Conn(socket, out, headers);
            conns.add(conn);
            handler.onOpen(conn);
            readFrames(conn, new DataInputStream(in));
        } catch (Exception e) {
            // connection over
        } finally {
            if (conn != null) {
                conns.remove(conn);
                handler.onClose(conn, conn.closeCode);
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void readFrames(Conn conn, DataInputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((b1 & 0x80) != 0) {
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            switch (opcode) {
                case 0x0, 0x1 -> {
                    message.write(payload);
                    if (fin) {
                        String text = message.toString(StandardCharsets.UTF_8);
                        message.reset();
                        handler.onText(conn, text);
                    }
                }
                case 0x8 -> {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    conn.clientCloseCode = code;
                    conn.close(code, "");
                    throw new EOFException("closed");
                }
                case 0x9 -> {
                    conn.pings.incrementAndGet();
                    if (!conn.deaf) {
                        conn.writeFrame(0xA, payload, true);
                    }
                }
                default -> {
                    // pong or binary: ignored
                }
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c == -1 && sb.length() == 0) {
            throw new EOFException();
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        for (Conn c : conns) {
            c.kill();
        }
    }

    /** One accepted connection. */
    static final class Conn {
        final Map<String, String> headers;
        final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private final Socket socket;
        private final OutputStream out;
        private volatile boolean closeSent;
        volatile int closeCode = 1006;
        volatile int clientCloseCode = -1;
        /** Pings the client sent. */
        final AtomicInteger pings = new AtomicInteger();
        /** A connection that a middlebox forgot: the client's pings go unanswered. */
        volatile boolean deaf;

        Conn(Socket socket, OutputStream out, Map<String, String> headers) {
            this.socket = socket;
            this.out = out;
            this.headers = headers;
        }

        String bearer() {
            String auth = headers.get("authorization");
            return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        }

        boolean open() {
            return !closeSent && !socket.isClosed();
        }

        void sendText(String text) {
            sendText(text, 1);
        }

        /** Sends the text split into {@code fragments} frames (continuation frames after the first). */
        void sendText(String text, int fragments) {
            byte[] all = text.getBytes(StandardCharsets.UTF_8);
            int n = Math.max(1, Math.min(fragments, all.length));
            int size = (all.length + n - 1) / n;
            synchronized (this) {
                for (int i = 0, off = 0; off < all.length || i == 0; i++, off += size) {
                    int end = Math.min(all.length, off + size);
                    byte[] part = java.util.Arrays.copyOfRange(all, off, end);
                    try {
                        writeFrame(i == 0 ? 0x1 : 0x0, part, end >= all.length);
                    } catch (IOException e) {
                        return;
                    }
                    if (end >= all.length) {
                        break;
                    }
                }
            }
        }

        synchronized void close(int code, String reason) {
            if (closeSent) {
                return;
            }
            closeSent = true;
            closeCode = code;
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + r.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(r, 0, payload, 2, r.length);
            try {
                writeFrame(0x8, payload, true);
            } catch (IOException ignored) {
                // gone
            }
        }

        /** Drops the TCP connection without a close frame. */
        void kill() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        synchronized void writeFrame(int opcode, byte[] payload, boolean fin) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                f.write(payload.length);
            } else if (payload.length < 65536) {
                f.write(126);
                f.write(payload.length >> 8);
                f.write(payload.length);
            } else {
                f.write(127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) payload.length >> (8 * i)));
                }
            }
            f.write(payload);
            out.write(f.toByteArray());
            out.flush();
        }
    }
}
