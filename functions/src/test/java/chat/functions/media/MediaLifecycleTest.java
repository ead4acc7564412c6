package chat.functions.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.functions.lambda.LocalStackResource;
import chat.functions.support.ApiCalls.Answer;
import chat.functions.media.MediaCalls.User;
import chat.model.Ids;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits of time and quantity on attachments, with short windows: an upload never completed is aborted and its
 * slot closed, a blob past the retention is removed and answered as expired, and a day's slots are counted.
 */
@QuarkusTest
@TestProfile(MediaLifecycleTest.ShortWindows.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class MediaLifecycleTest {
    @TestHTTPResource("/")
    URI base;

    @Inject
    MediaSweeper sweeper;

    private MediaCalls calls;
    private User alice;
    private User bob;
    private String dm;

    public static class ShortWindows implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.media.upload-window", "PT2S", "chat.media.upload-url-ttl", "PT1S",
                    "chat.media.retention", "PT2S", "chat.media.daily-uploads", "4",
                    "chat.media.sweeper-enabled", "false");
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        calls = new MediaCalls(base);
        alice = calls.newUser();
        bob = calls.newUser();
        dm = Ids.directConversationId(alice.userId(), bob.userId());
    }

    @Test
    void anUploadNotCompletedInItsWindowIsClosedAndSweptAway() throws Exception {
        String id = calls.opened(alice, dm, 100);
        JsonNode part = calls.plan(alice, id).json().get("urls").get(0);
        assertThat(MediaCalls.put(part.get("url").asText(), new byte[100])).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> "UPLOAD_CLOSED".equals(calls.plan(alice, id).code()));
        assertThat(calls.complete(alice, id).code()).isEqualTo("UPLOAD_CLOSED"); // all parts there, but too late
        await().atMost(Duration.ofSeconds(30)).until(() -> sweeper.sweep() >= 1 || gone(id));

        assertThat(calls.plan(alice, id).code()).isEqualTo("ATTACHMENT_NOT_FOUND"); // the slot itself is gone
    }

    @Test
    void aBlobPastItsRetentionIsExpiredAndRemoved() throws Exception {
        String id = calls.opened(alice, dm, 50);
        String url = calls.plan(alice, id).json().get("urls").get(0).get("url").asText();
        assertThat(MediaCalls.put(url, new byte[50])).isEqualTo(200);
        String blobUrl = calls.complete(alice, id).json().get("url").asText();
        assertThat(MediaCalls.get(blobUrl).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> calls.download(bob, id).status() == 410);
        await().atMost(Duration.ofSeconds(30)).until(() -> sweeper.sweep() >= 1 || blobGone(blobUrl));

        Answer late = calls.download(bob, id);
        assertThat(late.code()).isEqualTo("ATTACHMENT_EXPIRED");
        assertThat(blobGone(blobUrl)).isTrue();
    }

    @Test
    void slotsBeyondTheDailyCountAreRefusedWithTheQuotaCode() throws Exception {
        for (int i = 0; i < 4; i++) {
            calls.opened(alice, dm, 10);
        }
        Answer over = calls.open(alice, dm, 10);
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.code()).isEqualTo("UPLOAD_QUOTA_EXCEEDED");
        assertThat(calls.open(bob, dm, 10).status()).isEqualTo(201); // the count is per account
    }

    private boolean gone(String id) throws Exception {
        return "ATTACHMENT_NOT_FOUND".equals(calls.plan(alice, id).code());
    }

    private static boolean blobGone(String presignedGet) throws Exception {
        return MediaCalls.get(presignedGet).statusCode() == 404;
    }
}
