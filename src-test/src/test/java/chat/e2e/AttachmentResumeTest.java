package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.client.MediaApi;
import chat.client.media.AttachmentSender;
import chat.client.media.BlobTransfers;
import chat.client.media.Downloader;
import chat.client.media.RetryPolicy;
import chat.client.media.TransferProgress;
import chat.client.media.Uploader;
import chat.client.store.LocalStore;
import chat.model.Ids;
import chat.system.ChatSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload broken off after its first part (as when the app is killed or the network goes) and started again from
 * the same local store sends only the parts the store is missing, with the same keys, and the peer gets the file.
 */
@ExtendWith(SharedSystem.class)
class AttachmentResumeTest {
    @TempDir
    Path dir;

    @Test
    void anUploadCutAfterItsFirstPartResumesFromTheStoreAndTheFileArrivesWhole(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        String dm = Ids.directConversationId(alice.userId(), bob.userId());
        byte[] content = new byte[20 * 1024 * 1024];
        new SecureRandom().nextBytes(content);
        Path file = Files.write(dir.resolve("video.mp4"), content);
        MediaApi api = new MediaApi(users.api());

        try (LocalStore store = LocalStore.open(dir.resolve("alice"))) {
            TransferProgress cutAfterFirstPart = (done, total) -> {
                if (done > 0 && done < total) {
                    throw new UncheckedIOException(new IOException("connection lost"));
                }
            };
            assertThatThrownBy(() -> sender(api, alice, store, RetryPolicy.of(1)).prepare(dm, file,
                    cutAfterFirstPart)).isInstanceOf(IOException.class).hasMessageContaining("connection lost");
            assertThat(store.mediaUploads().all()).hasSize(1);
        }

        AttachmentSender.Prepared resumed;
        try (LocalStore reopened = LocalStore.open(dir.resolve("alice"))) {
            resumed = sender(api, alice, reopened, RetryPolicy.DEFAULT).prepare(dm, file, TransferProgress.NONE);
        }
        assertThat(resumed.blob().parts()).isEqualTo(3);
        assertThat(resumed.blob().resumedParts()).isEqualTo(1);

        Path received = dir.resolve("bob-video.mp4");
        new Downloader(api, new BlobTransfers(), () -> bob.device().credential())
                .download(resumed.pointer(), received, TransferProgress.NONE);
        assertThat(received).hasBinaryContent(content);
    }

    private static AttachmentSender sender(MediaApi api, TestUsers.User user, LocalStore store, RetryPolicy retry) {
        return new AttachmentSender(new Uploader(api, new BlobTransfers(), () -> user.device().credential(), retry,
                new SecureRandom()), store.mediaUploads(), Clock.systemUTC());
    }
}
