package chat.client.store;

import java.nio.file.Path;

/**
 * The local store cannot be used: its file is not a chat store, is corrupt, was made by a newer client, or a
 * database operation failed. The message always names the file, so a user can find it; the file is left as it was.
 */
public final class LocalStoreException extends RuntimeException {
    private final Path file;

    public LocalStoreException(Path file, String problem) {
        this(file, problem, null);
    }

    public LocalStoreException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
