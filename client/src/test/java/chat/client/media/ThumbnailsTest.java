package chat.client.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailsTest {
    @TempDir
    Path dir;

    private Path png(String name, int width, int height, boolean noisy, int imageType) throws Exception {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.BLUE, width, height, Color.ORANGE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        if (noisy) {
            // Noise compresses badly: the encoder has to lower quality or size to fit 32 KiB.
            Random random = new Random(1);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image.setRGB(x, y, random.nextInt() | 0xFF000000);
                }
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static BufferedImage decode(Thumbnail t) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(t.jpeg()));
    }

    @Test
    void anImageGivesASmallJpegAndTheOriginalsDimensions() throws Exception {
        Thumbnail t = Thumbnails.of(png("photo.png", 1200, 800, false, BufferedImage.TYPE_INT_RGB)).orElseThrow();
        assertThat(t.width()).isEqualTo(1200);
        assertThat(t.height()).isEqualTo(800);
        assertThat(t.jpeg()).hasSizeLessThanOrEqualTo(Thumbnails.MAX_BYTES);
        assertThat(t.jpeg()[0] & 0xFF).isEqualTo(0xFF);
        assertThat(t.jpeg()[1] & 0xFF).isEqualTo(0xD8);
        BufferedImage jpeg = decode(t);
        assertThat(jpeg.getWidth()).isEqualTo(256);
        assertThat(jpeg.getHeight()).isBetween(170, 171);
    }

    @Test
    void aNoisyImageStillFitsBySheddingQualityOrSize() throws Exception {
        Thumbnail t = Thumbnails.of(png("noise.png", 900, 1600, true, BufferedImage.TYPE_INT_RGB)).orElseThrow();
        assertThat(t.jpeg()).hasSizeLessThanOrEqualTo(Thumbnails.MAX_BYTES);
        BufferedImage jpeg = decode(t);
        assertThat(Math.max(jpeg.getWidth(), jpeg.getHeight())).isLessThanOrEqualTo(256);
        assertThat(t.width()).isEqualTo(900);
        assertThat(t.height()).isEqualTo(1600);
    }

    @Test
    void aTransparentImageBecomesAnOpaqueJpeg() throws Exception {
        Thumbnail t = Thumbnails.of(png("alpha.png", 300, 300, false, BufferedImage.TYPE_INT_ARGB)).orElseThrow();
        assertThat(decode(t).getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void aSmallImageIsNotEnlarged() throws Exception {
        Thumbnail t = Thumbnails.of(png("icon.png", 40, 30, false, BufferedImage.TYPE_INT_RGB)).orElseThrow();
        assertThat(decode(t).getWidth()).isEqualTo(40);
    }

    @Test
    void aTextFileHasNoThumbnail() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not an image", StandardCharsets.UTF_8);
        assertThat(Thumbnails.of(text)).isEmpty();
    }

    @Test
    void aTruncatedPngHasNoThumbnail() throws Exception {
        Path whole = png("whole.png", 1200, 800, true, BufferedImage.TYPE_INT_RGB);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(Thumbnails.of(cut)).isEmpty();
    }

    @Test
    void aMissingFileOrGarbageHasNoThumbnail() throws Exception {
        assertThat(Thumbnails.of(dir.resolve("absent.png"))).isEmpty();
        byte[] garbage = new byte[4096];
        new Random(3).nextBytes(garbage);
        garbage[0] = (byte) 0x89;
        garbage[1] = 'P';
        garbage[2] = 'N';
        garbage[3] = 'G';
        assertThat(Thumbnails.of(Files.write(dir.resolve("garbage.png"), garbage))).isEmpty();
    }
}
