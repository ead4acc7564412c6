package chat.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.NonBlockingReader;

/**
 * The chat on a real terminal (JLine, raw mode): the conversation's header, as many of its last lines as fit, who is
 * typing, and the line being typed at the bottom, redrawn in place on every change (so marks move on where they
 * are). Keys: printable text, Backspace, Ctrl-U (clear), Enter (send), Ctrl-D on an empty line or Ctrl-C (leave).
 */
final class RawChatTerminal implements ChatTerminal {
    private static final String PROMPT = "> ";

    private final Terminal terminal;
    private final Attributes saved;
    private final Display display;
    private final NonBlockingReader reader;
    private final StringBuilder draft = new StringBuilder();
    private ChatTranscript.Snapshot last;

    private RawChatTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C arrives as a key: leave cleanly
        terminal.setAttributes(raw);
        this.display = new Display(terminal, false);
        this.reader = terminal.reader();
        terminal.handle(Terminal.Signal.WINCH, signal -> redraw());
    }

    /** A raw-mode terminal, or empty when this is no terminal JLine can drive (a pipe, TERM=dumb). */
    static Optional<ChatTerminal> open() {
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(true).build();
            if (t.getType() == null || t.getType().startsWith(Terminal.TYPE_DUMB)) {
                t.close();
                return Optional.empty();
            }
            return Optional.of(new RawChatTerminal(t));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Input read() throws IOException {
        while (true) {
            int c = reader.read();
            if (c < 0) {
                return new Input(Input.Kind.END, null);
            }
            synchronized (this) {
                switch (c) {
                    case '\r', '\n' -> {
                        String line = draft.toString();
                        draft.setLength(0);
                        redraw();
                        return new Input(Input.Kind.LINE, line);
                    }
                    case 3 -> {
                        return new Input(Input.Kind.END, null);
                    }
                    case 4 -> {
                        if (draft.length() == 0) {
                            return new Input(Input.Kind.END, null);
                        }
                        continue;
                    }
                    case 127, 8 -> {
                        if (draft.length() == 0) {
                            continue;
                        }
                        int cut = draft.offsetByCodePoints(draft.length(), -1);
                        draft.setLength(cut);
                    }
                    case 21 -> draft.setLength(0);
                    case 27 -> {
                        skipEscape();
                        continue;
                    }
                    default -> {
                        if (c < 32) {
                            continue;
                        }
                        draft.append((char) c);
                    }
                }
                redraw();
                return new Input(Input.Kind.DRAFT, draft.toString());
            }
        }
    }

    /** Drops the rest of an escape sequence (arrow keys and the like are not used). */
    private void skipEscape() throws IOException {
        int c = reader.read(50);
        if (c == '[' || c == 'O') {
            do {
                c = reader.read(50);
            } while (c >= 0 && !(c >= '@' && c <= '~'));
        }
    }

    @Override
    public synchronized void render(ChatTranscript.Snapshot snapshot) {
        last = snapshot;
        redraw();
    }

    private synchronized void redraw() {
        if (last == null) {
            return;
        }
        Size size = terminal.getSize();
        int cols = size.getColumns() > 0 ? size.getColumns() : 80;
        int rows = size.getRows() > 0 ? size.getRows() : 24;
        List<AttributedString> bottom = new ArrayList<>();
        if (last.typing() != null) {
            bottom.addAll(wrap(last.typing(), cols));
        }
        List<AttributedString> input = wrap(PROMPT + draft, cols);
        bottom.addAll(input);
        List<AttributedString> header = wrap("chat with " + last.header(), cols);
        int room = Math.max(0, rows - 1 - header.size() - bottom.size());
        List<AttributedString> body = new ArrayList<>();
        for (int i = last.messages().size() - 1; i >= 0 && body.size() < room; i--) {
            List<AttributedString> w = wrap(last.messages().get(i).text(), cols);
            for (int j = w.size() - 1; j >= 0 && body.size() < room; j--) {
                body.add(0, w.get(j));
            }
        }
        List<AttributedString> screen = new ArrayList<>(header);
        screen.addAll(body);
        screen.addAll(bottom);
        display.resize(rows, cols);
        int cursorRow = screen.size() - 1;
        int cursorCol = input.get(input.size() - 1).columnLength();
        display.update(screen, size.cursorPos(cursorRow, cursorCol));
        terminal.flush();
    }

    private static List<AttributedString> wrap(String text, int cols) {
        List<AttributedString> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            List<AttributedString> parts = new AttributedString(line).columnSplitLength(Math.max(1, cols - 1));
            out.addAll(parts.isEmpty() ? List.of(AttributedString.EMPTY) : parts);
        }
        return out;
    }

    @Override
    public boolean seesTyping() {
        return true;
    }

    @Override
    public synchronized void close() {
        try {
            terminal.setAttributes(saved);
            terminal.writer().println();
            terminal.flush();
            terminal.close();
        } catch (IOException ignored) {
            // the terminal is gone
        }
    }
}
