package chat.client.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file name from someone else's message never leaves the chosen directory and never overwrites a file. */
class FileNamesTest {
    @TempDir
    Path dir;

    @Test
    void namesThatClimbOrCarrySeparatorsOrControlsAreNotBare() {
        for (String bad : new String[] {"../../etc/passwd", "..", ".", "a/b.jpg", "a\\b.jpg", "/abs", "x\u0000y",
                "line\nbreak", "", " ", "x".repeat(256)}) {
            assertThat(FileNames.bare(bad)).as(bad).isEmpty();
        }
        assertThat(FileNames.bare("holiday photo (2).jpg")).contains("holiday photo (2).jpg");
    }

    @Test
    void anUnsafeNameFallsBackInsideTheDirectory() throws Exception {
        Path target = FileNames.unused(dir, "../../evil.sh", "attachment-3-1");
        assertThat(target).isEqualTo(dir.resolve("attachment-3-1"));
    }

    @Test
    void anExistingFileGetsANumberedSiblingBeforeTheExtension() throws Exception {
        Files.writeString(dir.resolve("photo.jpg"), "first");
        Files.writeString(dir.resolve("photo (1).jpg.part"), "a download in progress");
        assertThat(FileNames.unused(dir, "photo.jpg", "x")).isEqualTo(dir.resolve("photo (2).jpg"));
    }
}
