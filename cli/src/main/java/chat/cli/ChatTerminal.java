package chat.cli;

import java.io.IOException;

/** Where {@code chat} draws its transcript and reads what the user types. */
interface ChatTerminal extends AutoCloseable {
    /** What the user did. */
    record Input(Kind kind, String text) {
        enum Kind {
            /** The line being typed changed (only a terminal in raw mode sees this). */
            DRAFT,
            /** Enter was pressed on this text. */
            LINE,
            /** Ctrl-D on an empty line, Ctrl-C, or the end of input. */
            END
        }
    }

    /** Blocks for the next input. */
    Input read() throws IOException;

    /** Draws the current state (thread-safe; called from any thread). */
    void render(ChatTranscript.Snapshot snapshot);

    /** Whether {@link Input.Kind#DRAFT} is seen, i.e. typing can be detected. */
    boolean seesTyping();

    @Override
    void close();
}
