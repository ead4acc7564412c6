package chat.client.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaTypesTest {
    @TempDir
    Path dir;

    @Test
    void commonExtensionsHaveTheirTypes() throws Exception {
        assertThat(MediaTypes.guess(Files.write(dir.resolve("a.JPG"), new byte[1]))).isEqualTo("image/jpeg");
        assertThat(MediaTypes.guess(Files.write(dir.resolve("a.png"), new byte[1]))).isEqualTo("image/png");
        assertThat(MediaTypes.guess(Files.write(dir.resolve("a.pdf"), new byte[1]))).isEqualTo("application/pdf");
        assertThat(MediaTypes.guess(Files.write(dir.resolve("a.mp4"), new byte[1]))).isEqualTo("video/mp4");
        assertThat(MediaTypes.guess(Files.write(dir.resolve("a.txt"), new byte[1]))).isEqualTo("text/plain");
    }

    @Test
    void aFileWithoutATellingNameIsSniffed() throws Exception {
        assertThat(MediaTypes.guess(Files.write(dir.resolve("IMG"), new byte[] {(byte) 0xFF, (byte) 0xD8,
                (byte) 0xFF, 0}))).isEqualTo("image/jpeg");
        assertThat(MediaTypes.guess(Files.write(dir.resolve("doc"), "%PDF-1.7".getBytes()))).isEqualTo(
                "application/pdf");
    }

    @Test
    void anythingElseIsAnOctetStream() throws Exception {
        assertThat(MediaTypes.guess(Files.write(dir.resolve("blob"), new byte[] {1, 2, 3})))
                .isEqualTo(MediaTypes.OCTET_STREAM);
        assertThat(MediaTypes.guess(dir.resolve("missing"))).isEqualTo(MediaTypes.OCTET_STREAM);
    }
}
