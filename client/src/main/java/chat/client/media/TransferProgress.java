package chat.client.media;

/** Told how far a transfer is: bytes of the encrypted blob moved so far (counting parts stored before a resume). */
@FunctionalInterface
public interface TransferProgress {
    TransferProgress NONE = (done, total) -> { };

    void update(long done, long total);
}
