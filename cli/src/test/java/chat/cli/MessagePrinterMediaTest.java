package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.content.AttachmentPointer;
import chat.e2ee.content.ChatContent;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a message with attachments reads in the terminal. */
class MessagePrinterMediaTest {
    private static final long NOW = System.currentTimeMillis();

    @Test
    void anAttachmentShowsItsNameSizeTypeAndDimensionsThenTheCaption() {
        String shown = MessagePrinter.text(body("photo.jpg", "the view"), NOW);
        assertThat(shown).isEqualTo("[file: photo.jpg, 1.2 MB, image/jpeg, 1200x800] the view");
    }

    @Test
    void anAttachmentOlderThanTheRetentionShowsAsExpired() {
        long old = NOW - MessagePrinter.MEDIA_RETENTION.toMillis() - 60_000;
        assertThat(MessagePrinter.text(body("photo.jpg", null), old))
                .isEqualTo("[media expired: photo.jpg, 1.2 MB, image/jpeg, 1200x800]");
    }

    @Test
    void aCaptionThatLooksLikeAnAttachmentIsNotRewritten() {
        long old = NOW - MessagePrinter.MEDIA_RETENTION.toMillis() - 60_000;
        assertThat(MessagePrinter.text(body(null, "[file: x]"), old)).endsWith("] [file: x]")
                .startsWith("[media expired: (no name)");
    }

    @Test
    void aVoiceNoteShowsItsDuration() {
        AttachmentPointer note = new AttachmentPointer("att_" + "B".repeat(22), new byte[64], new byte[32], 80_000,
                "audio/mp4", "note.m4a", null, null, 83_400L, null, 81_000);
        String body = Base64.getEncoder().encodeToString(new ChatContent(null, List.of(note)).encode());
        assertThat(MessagePrinter.text(body, NOW)).isEqualTo("[file: note.m4a, 0.1 MB, audio/mp4, 1:23]");
    }

    @Test
    void controlCharactersInAFileNameCannotReachTheTerminal() {
        String shown = MessagePrinter.text(body("a\u001b[2Jb.jpg", null), NOW);
        assertThat(shown).doesNotContain("\u001b");
    }

    private static String body(String fileName, String caption) {
        AttachmentPointer pointer = new AttachmentPointer("att_" + "A".repeat(22), new byte[64], new byte[32],
                1_200_000, "image/jpeg", fileName, 1200, 800, null, null, 1_260_000);
        return Base64.getEncoder().encodeToString(new ChatContent(caption, List.of(pointer)).encode());
    }
}
