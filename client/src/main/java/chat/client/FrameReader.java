package chat.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * JDK WebSocket callbacks of one connection: reassembles text fragments (refusing messages over the limit), hands
 * complete messages and the end of the connection to the {@link Sink}, keeps reading.
 */
final class FrameReader implements WebSocket.Listener {
    private static final System.Logger LOG = System.getLogger(ChatConnection.class.getName());

    /** The connection's side. */
    interface Sink {
        void opened(WebSocket socket);

        /** Something (a fragment, a ping, a pong) arrived: the connection is alive. */
        void heard();

        /** A complete text message (called on the WebSocket's thread: hand it to the event thread). */
        void text(String text);

        /** An incoming message was over the limit: the connection closes with 1009. */
        void tooBig();

        /** The server's close frame. */
        void closed(int statusCode, String reason);

        void failed(Throwable error);
    }

    private final Sink sink;
    private final int maxMessageChars;
    private final String name;
    private final StringBuilder partial = new StringBuilder();
    private boolean discarding;

    FrameReader(Sink sink, int maxMessageChars, String name) {
        this.sink = sink;
        this.maxMessageChars = maxMessageChars;
        this.name = name;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        sink.opened(webSocket);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        sink.heard();
        if (!discarding) {
            partial.append(data);
            if (partial.length() > maxMessageChars) {
                discarding = true;
                partial.setLength(0);
                partial.trimToSize();
                LOG.log(System.Logger.Level.WARNING, name + ": incoming message over " + maxMessageChars
                        + " chars; closing");
                sink.tooBig();
            }
        }
        if (last) {
            if (!discarding) {
                sink.text(partial.toString());
            }
            partial.setLength(0);
            discarding = false;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        sink.heard();
        webSocket.request(1); // the protocol has no binary frames: ignore
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        sink.heard();
        webSocket.request(1); // the JDK answers pings with pongs by itself
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        sink.heard();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        sink.closed(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        sink.failed(error);
    }
}
