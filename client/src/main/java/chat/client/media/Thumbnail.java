package chat.client.media;

import java.util.Arrays;

/**
 * A JPEG preview of an image attachment, and the dimensions of the original image (what the attachment pointer's
 * width and height say, so a receiver can lay the message out before downloading).
 */
public record Thumbnail(byte[] jpeg, int width, int height) {
    public Thumbnail {
        if (jpeg == null || jpeg.length == 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a thumbnail has JPEG bytes and the original's dimensions");
        }
        jpeg = jpeg.clone();
    }

    @Override
    public byte[] jpeg() {
        return jpeg.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thumbnail t && Arrays.equals(jpeg, t.jpeg) && width == t.width && height == t.height;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(jpeg) + width) + height;
    }

    @Override
    public String toString() {
        return "Thumbnail[" + jpeg.length + " bytes, original " + width + "x" + height + "]";
    }
}
