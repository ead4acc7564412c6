package chat.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The chat for a dumb terminal or a pipe: lines only, no cursor movement. Each message is printed when it appears and
 * again when its mark changes; presence and typing changes are printed as "-- …" lines. Input is read a line at a
 * time, so typing cannot be seen (and no typing frames are sent).
 */
final class PlainChatTerminal implements ChatTerminal {
    private final BufferedReader in;
    private final PrintWriter out;
    private final Map<String, String> printed = new HashMap<>();
    private String header;
    private String typing;

    PlainChatTerminal(InputStream in, PrintWriter out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    @Override
    public Input read() throws IOException {
        String line = in.readLine();
        return line == null ? new Input(Input.Kind.END, null) : new Input(Input.Kind.LINE, line);
    }

    @Override
    public synchronized void render(ChatTranscript.Snapshot s) {
        if (!s.header().equals(header)) {
            header = s.header();
            out.println("-- " + header);
        }
        for (ChatTranscript.Line line : s.messages()) {
            if (!line.text().equals(printed.put(line.key(), line.text()))) {
                out.println(line.text());
            }
        }
        if (!Objects.equals(s.typing(), typing)) {
            typing = s.typing();
            if (typing != null) {
                out.println("-- " + typing);
            }
        }
        out.flush();
    }

    @Override
    public boolean seesTyping() {
        return false;
    }

    @Override
    public void close() {
        out.flush();
    }
}
