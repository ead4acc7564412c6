package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framing between a one-shot command and the live session, over byte streams. */
class SessionWireTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    private DataInputStream written() {
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void argumentsArriveUnchangedWhateverTheyContain() throws IOException {
        List<String> args = List.of("send", "@bob", "héllo\nwörld 👋", "", "--wait", "0");
        SessionWire.writeArgs(out, args);

        assertThat(SessionWire.readArgs(written())).isEqualTo(args);
    }

    @Test
    void outputChunksThenTheExitStatusArriveInOrder() throws IOException {
        SessionWire.writeChunk(out, SessionWire.OUT, "SENT seq=1\n");
        SessionWire.writeChunk(out, SessionWire.ERR, "-- waiting\n");
        SessionWire.writeExit(out, 3);
        DataInputStream in = written();

        assertThat(SessionWire.readChunk(in)).isEqualTo(new SessionWire.Chunk(SessionWire.OUT, "SENT seq=1\n", 0));
        assertThat(SessionWire.readChunk(in)).isEqualTo(new SessionWire.Chunk(SessionWire.ERR, "-- waiting\n", 0));
        assertThat(SessionWire.readChunk(in)).isEqualTo(new SessionWire.Chunk(SessionWire.EXIT, null, 3));
    }

    @Test
    void anotherProtocolVersionIsRefused() throws IOException {
        out.writeInt(SessionWire.VERSION + 1);
        out.writeInt(0);

        assertThatThrownBy(() -> SessionWire.readArgs(written())).isInstanceOf(IOException.class)
                .hasMessageContaining("version");
    }

    @Test
    void anAnswerCutOffBeforeTheExitStatusIsAnEndOfStream() throws IOException {
        SessionWire.writeChunk(out, SessionWire.OUT, "partial");
        DataInputStream in = written();
        SessionWire.readChunk(in);

        assertThatThrownBy(() -> SessionWire.readChunk(in)).isInstanceOf(EOFException.class);
    }
}
