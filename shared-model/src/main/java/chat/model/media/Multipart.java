package chat.model.media;

/** How a blob of a given size is cut into upload parts: fixed-size parts, the last one shorter. */
public record Multipart(long size, long partSize) {
    /** S3's smallest part but the last is 5 MiB; its largest part count is 10,000. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final int MAX_PARTS = 10_000;

    public Multipart {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size under 5 MiB: " + partSize);
        }
        if ((size + partSize - 1) / partSize > MAX_PARTS) {
            throw new IllegalArgumentException("more than " + MAX_PARTS + " parts");
        }
    }

    public int parts() {
        return (int) ((size + partSize - 1) / partSize);
    }

    /** The length of part {@code number} (1-based). */
    public long partLength(int number) {
        if (number < 1 || number > parts()) {
            throw new IllegalArgumentException("no part " + number + " of " + parts());
        }
        return number < parts() ? partSize : size - (long) (number - 1) * partSize;
    }

    /** The offset in the blob where part {@code number} starts. */
    public long partOffset(int number) {
        partLength(number);
        return (long) (number - 1) * partSize;
    }
}
