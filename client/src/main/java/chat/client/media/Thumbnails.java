package chat.client.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Thumbnails for image attachments: a JPEG whose longer side is at most {@value #MAX_SIDE} px and which fits in
 * {@value #MAX_BYTES} bytes (it travels inside the encrypted message, whose pointer allows 64 KiB), lowering quality
 * and then size until it fits. Anything that is not an image ImageIO can read, or is damaged, gives no thumbnail: the
 * file is then sent as a plain attachment.
 */
public final class Thumbnails {
    public static final int MAX_SIDE = 256;
    public static final int MAX_BYTES = 32 * 1024;
    /** Larger images are decoded subsampled so a 100-megapixel photo never becomes a 400 MB raster. */
    private static final int DECODE_SIDE = 2 * MAX_SIDE;
    private static final List<Integer> SIDES = List.of(MAX_SIDE, 192, 128, 96);
    private static final List<Float> QUALITIES = List.of(0.8f, 0.65f, 0.5f, 0.35f);

    private Thumbnails() {
    }

    /** Empty for files that are not readable images; never throws on garbage. */
    public static Optional<Thumbnail> of(Path image) {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    return Optional.empty();
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / DECODE_SIDE);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                return encode(opaque(decoded)).map(jpeg -> new Thumbnail(jpeg, width, height));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO's readers throw all sorts (IIOException, IndexOutOfBounds, IllegalArgument) on damaged files.
            return Optional.empty();
        }
    }

    private static Optional<byte[]> encode(BufferedImage image) throws IOException {
        for (int side : SIDES) {
            for (float quality : QUALITIES) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                var builder = net.coobird.thumbnailator.Thumbnails.of(image);
                // Never enlarge a small image: a thumbnail is only ever smaller than its original.
                if (Math.max(image.getWidth(), image.getHeight()) <= side) {
                    builder.scale(1.0);
                } else {
                    builder.size(side, side);
                }
                builder.outputFormat("jpg")
                        .outputQuality(quality)
                        .toOutputStream(out);
                if (out.size() <= MAX_BYTES) {
                    return Optional.of(out.toByteArray());
                }
            }
        }
        return Optional.empty();
    }

    /** JPEG has no alpha: transparent pixels become white rather than the encoder's black (or its refusal). */
    private static BufferedImage opaque(BufferedImage image) {
        if (!image.getColorModel().hasAlpha() && image.getType() != BufferedImage.TYPE_CUSTOM) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
