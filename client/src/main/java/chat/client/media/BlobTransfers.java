package chat.client.media;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Moves encrypted bytes to and from presigned URLs of the media store, streaming: a part is read from its source
 * while it is sent, and a download is handed on as it arrives. The store's answers other than 2xx become a
 * {@link StoreRefusal}; a connection that breaks is an {@link IOException}, after which the caller resumes.
 */
public final class BlobTransfers {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient client;

    public BlobTransfers() {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build());
    }

    public BlobTransfers(HttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The store refused a transfer (an expired or wrong URL, a length that is not the signed one, a missing blob). */
    public static final class StoreRefusal extends IOException {
        private final int status;

        StoreRefusal(int status, String detail) {
            super("the media store answered HTTP " + status + (detail.isBlank() ? "" : ": " + detail));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * PUTs exactly {@code length} bytes read from {@code source} to a presigned part URL (the length is sent as
     * Content-Length, which the URL's signature covers). {@code source} is not closed: the next part continues it.
     */
    public void putPart(URI url, InputStream source, long length) throws IOException {
        InputStream part = new Bounded(source, length);
        HttpRequest request = HttpRequest.newBuilder(url)
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> part),
                        length))
                .build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new StoreRefusal(response.statusCode(), errorCode(response.body()));
        }
    }

    /** Opens a presigned GET; the caller reads (and closes) the stream. */
    public InputStream get(URI url) throws IOException {
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            throw new StoreRefusal(response.statusCode(), errorCode(body));
        }
        return response.body();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    /** S3's XML error answer names its code ({@code <Code>SignatureDoesNotMatch</Code>}); that is enough to say. */
    private static String errorCode(String body) {
        int start = body == null ? -1 : body.indexOf("<Code>");
        int end = start < 0 ? -1 : body.indexOf("</Code>", start);
        return end < 0 ? "" : body.substring(start + 6, end);
    }

    /** The next {@code length} bytes of a stream that goes on after them; closing it leaves the stream open. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("a part is sent whole");
        }

        @Override
        public void close() {
            // the source continues with the next part
        }
    }
}
