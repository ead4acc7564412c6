package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatDevice;
import chat.client.ChatHttpApi;
import chat.client.MessageState;
import chat.client.OutgoingMessage;
import chat.client.store.LocalStore;
import chat.client.store.StoredMessage;
import chat.model.frames.ChatMessage;
import chat.system.ChatSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A device with a local store, restarted against the real system, resumes from its stored cursors. */
@ExtendWith(SharedSystem.class)
class LocalStoreResumeTest {
    @TempDir
    Path profile;

    @Test
    void aRestartedDeviceWithAStoreGetsOnlyWhatItMissed(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        try (ChatDevice bobDevice = device(system, bob.device(), new CopyOnWriteArrayList<>(), null)) {
            String conversation = send(bobDevice, alice.userId(), "before 1");
            send(bobDevice, conversation, "before 2");
            send(bobDevice, conversation, "before 3");

            List<ChatMessage> firstRun = new CopyOnWriteArrayList<>();
            try (LocalStore store = LocalStore.open(profile);
                    ChatDevice first = device(system, alice.device(), firstRun, store)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> firstRun.size() == 3);
            }
            send(bobDevice, conversation, "while away 4");
            send(bobDevice, conversation, "while away 5");

            List<ChatMessage> secondRun = new CopyOnWriteArrayList<>();
            try (LocalStore store = LocalStore.open(profile);
                    ChatDevice second = device(system, alice.device(), secondRun, store)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> secondRun.size() >= 2);
                second.syncNow().get(20, TimeUnit.SECONDS);
                assertThat(secondRun).extracting(ChatMessage::seq).containsExactly(4L, 5L);
                assertThat(store.messages().page(conversation, null, 10)).extracting(StoredMessage::seq)
                        .containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(store.cursors().synced()).containsEntry(conversation, 5L);
            }
        }
    }

    private static ChatDevice device(ChatSystem system, TestUsers.Device device, List<ChatMessage> seen,
            LocalStore store) throws Exception {
        var builder = ChatDevice.builder(system.ws(0), device.credential())
                .api(new ChatHttpApi(system.api(0)))
                .listener(new ChatDevice.Listener() {
                    @Override
                    public void onMessage(ChatMessage message) {
                        seen.add(message);
                    }
                });
        if (store != null) {
            builder.store(store.deviceStore());
        }
        ChatDevice d = builder.build();
        d.start().get(30, TimeUnit.SECONDS);
        return d;
    }

    private static String send(ChatDevice from, String target, String text) throws Exception {
        OutgoingMessage sent = from.send(target, text.getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
        assertThat(sent.state()).isEqualTo(MessageState.SENT);
        return sent.conversationId();
    }
}
