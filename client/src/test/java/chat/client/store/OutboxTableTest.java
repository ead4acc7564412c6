package chat.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.client.MessageState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable outbox: pending sends by clientMsgId until the server stores them. */
class OutboxTableTest {
    @TempDir
    Path dir;
    private LocalStore store;
    private OutboxTable outbox;

    @BeforeEach
    void open() {
        store = LocalStore.open(dir);
        outbox = store.outbox();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anEnqueuedMessageIsSendingUntilRemoved() {
        outbox.enqueue("c1", "dm.a.b", null, new byte[] {1});
        outbox.enqueue("c2", null, "@bob", new byte[] {2});

        assertThat(outbox.sending()).extracting(PendingSend::clientMsgId).containsExactly("c1", "c2");
        assertThat(outbox.get("c2").orElseThrow().peer()).isEqualTo("@bob");
        outbox.remove("c1");
        assertThat(outbox.sending()).extracting(PendingSend::clientMsgId).containsExactly("c2");
    }

    @Test
    void theSameClientMsgIdIsTheSameMessage() {
        assertThat(outbox.enqueue("c1", "dm.a.b", null, new byte[] {1})).isTrue();
        assertThat(outbox.enqueue("c1", "dm.a.b", null, new byte[] {9})).isFalse();
        assertThat(outbox.all()).singleElement().satisfies(p -> assertThat(p.body()).containsExactly(1));
    }

    @Test
    void aFailedMessageWaitsUntilItIsEnqueuedAgain() {
        outbox.enqueue("c1", "dm.a.b", null, new byte[] {1});
        assertThat(outbox.markFailed("c1", "FORBIDDEN: no", 3)).isTrue();

        assertThat(outbox.sending()).isEmpty();
        assertThat(outbox.get("c1").orElseThrow()).satisfies(p -> {
            assertThat(p.state()).isEqualTo(MessageState.FAILED);
            assertThat(p.failure()).isEqualTo("FORBIDDEN: no");
            assertThat(p.attempts()).isEqualTo(3);
        });
        outbox.enqueue("c1", "dm.a.b", null, new byte[] {1});
        assertThat(outbox.get("c1").orElseThrow().state()).isEqualTo(MessageState.SENDING);
        assertThat(outbox.get("c1").orElseThrow().failure()).isNull();
    }

    @Test
    void aMessageHasExactlyOneTarget() {
        assertThatThrownBy(() -> outbox.enqueue("c1", "dm.a.b", "@bob", new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> outbox.enqueue("c1", null, null, new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
