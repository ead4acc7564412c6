package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatHttpApi;
import chat.client.MessageState;
import chat.client.OutgoingMessage;
import chat.client.store.Contact;
import chat.client.store.LocalStore;
import chat.model.Ids;
import chat.model.frames.ChatMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat screen's model: marks of one's own messages, pending lines and typing, with names from a real store. */
class ChatTranscriptTest {
    private static final String ALICE = "u" + "a".repeat(16);
    private static final String BOB = "u" + "b".repeat(16);
    private static final String DM = Ids.directConversationId(ALICE, BOB);

    @TempDir
    Path dir;
    private LocalStore store;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private ChatTranscript transcript;

    @BeforeEach
    void open() {
        store = LocalStore.open(dir);
        long fresh = Clock.systemUTC().millis();
        store.contacts().put(new Contact(BOB, "bob", "Bob", fresh));
        store.contacts().put(new Contact(ALICE, "alice", "Alice", fresh));
        // Names never needs the server here: both people are fresh in the store (the port refuses connections).
        Names names = new Names(store.contacts(), new ChatHttpApi(URI.create("http://127.0.0.1:1")), "cred",
                Clock.systemUTC());
        Profile alice = new Profile("alice", ALICE, "d" + "a".repeat(16), "cli", "cred", Map.of(), Map.of());
        transcript = new ChatTranscript(DM, alice, names, "@bob", now::get);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ChatMessage message(long seq, String sender, String clientMsgId, String text) {
        return new ChatMessage(DM, seq, sender, "d" + "x".repeat(16), clientMsgId,
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)), 60_000);
    }

    private static OutgoingMessage sending(String clientMsgId, String text) {
        return new OutgoingMessage(clientMsgId, null, BOB,
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)), MessageState.SENDING, 0, 0,
                1, false, null);
    }

    private String lastLine() {
        var lines = transcript.snapshot().messages();
        return lines.get(lines.size() - 1).text();
    }

    @Test
    void anOwnMessageIsMarkedReadOnlyOnceThePeersReadCursorReachesIt() {
        transcript.add(message(1, ALICE, "c1", "hi bob"));
        assertThat(transcript.peerCursors(1, 0)).isTrue();
        assertThat(lastLine()).endsWith("you: hi bob  " + ChatTranscript.DELIVERED);

        assertThat(transcript.peerCursors(1, 1)).isTrue();
        assertThat(lastLine()).endsWith("you: hi bob  " + ChatTranscript.READ);
    }

    @Test
    void aPendingSendIsOneLineThatTheStoredMessageOfItsClientMsgIdReplaces() {
        transcript.outgoing(sending("c7", "on its way"));
        assertThat(lastLine()).endsWith("you: on its way  " + ChatTranscript.SENDING);

        transcript.add(message(4, ALICE, "c7", "on its way"));

        assertThat(transcript.snapshot().messages()).singleElement().satisfies(line -> {
            assertThat(line.key()).isEqualTo("c:c7");
            assertThat(line.text()).endsWith("you: on its way  " + ChatTranscript.SENT);
        });
    }

    @Test
    void aPeersTypingNoticeShowsUntilItExpires() {
        transcript.typing(BOB, true, 5_000);
        assertThat(transcript.snapshot().typing()).isEqualTo("@bob is typing…");

        now.addAndGet(5_000);

        assertThat(transcript.expire()).isTrue();
        assertThat(transcript.snapshot().typing()).isNull();
    }
}
