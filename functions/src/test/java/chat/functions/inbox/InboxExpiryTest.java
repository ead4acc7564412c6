package chat.functions.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.functions.lambda.LocalStackResource;
import chat.functions.store.DevicesTable;
import chat.functions.store.InboxTable;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.frames.Envelope;
import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeStatus;
import chat.model.frames.EnvelopeSuite;
import chat.model.frames.EnvelopesSentFrame;
import chat.model.frames.InboxSyncFrame;
import chat.model.frames.OutgoingEnvelope;
import chat.model.frames.SendEnvelopesFrame;
import chat.model.schema.Tables.Inbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The age bound without TTL (dynalite has none): an envelope older than {@code chat.inbox.max-age} (2 s here) is
 * not served, and a full inbox of expired envelopes takes new ones (the old ones are purged when found).
 */
@QuarkusTest
@TestProfile(InboxExpiryTest.ShortLived.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class InboxExpiryTest {
    public static class ShortLived implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.inbox.max-age", "PT2S", "chat.inbox.max-pending", "2");
        }
    }

    @Inject
    EnvelopeHandler envelopes;
    @Inject
    InboxReader inbox;
    @Inject
    DevicesTable devices;
    @Inject
    InboxTable table;

    @Test
    void anExpiredEnvelopeIsNotServedAndIsDeleted() {
        String bob = Ids.newUserId();
        String laptop = Ids.newDeviceId();
        devices.create(bob, laptop, "laptop", "x", System.currentTimeMillis());
        send(bob, laptop, "old");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                inbox.sync(bob, laptop, new InboxSyncFrame("s", null, null)).envelopes().isEmpty());

        assertThat(table.topSeq(Inbox.key(bob, laptop))).as("purged, not only hidden").isZero();
    }

    @Test
    void aFullInboxOfExpiredEnvelopesTakesNewOnes() {
        String bob = Ids.newUserId();
        String laptop = Ids.newDeviceId();
        devices.create(bob, laptop, "laptop", "x", System.currentTimeMillis());
        send(bob, laptop, "a");
        send(bob, laptop, "b");
        assertThat(send(bob, laptop, "c").results().get(0).code()).isEqualTo(ErrorCode.INBOX_FULL);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                send(bob, laptop, "d").results().get(0).status() == EnvelopeStatus.STORED);

        // "b" may or may not have expired too by now; "a" has, and "d" is new.
        assertThat(inbox.sync(bob, laptop, new InboxSyncFrame("s", null, null)).envelopes())
                .extracting(Envelope::envelopeId).doesNotContain("a").contains("d");
    }

    private EnvelopesSentFrame send(String userId, String deviceId, String id) {
        return envelopes.send(Ids.newUserId(), Ids.newDeviceId(), new SendEnvelopesFrame("r", List.of(
                new OutgoingEnvelope(userId, deviceId, id, EnvelopeSuite.SIGNAL_V3, EnvelopeKind.WHISPER, "aGk="))));
    }
}
