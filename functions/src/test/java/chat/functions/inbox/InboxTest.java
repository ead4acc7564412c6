package chat.functions.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.functions.accounts.DeviceManager;
import chat.functions.lambda.LocalStackResource;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.DevicesTable;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.auth.DevicePrincipal;
import chat.model.frames.Envelope;
import chat.model.frames.EnvelopeFrame;
import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeResult;
import chat.model.frames.EnvelopeStatus;
import chat.model.frames.EnvelopeSuite;
import chat.model.frames.EnvelopesSentFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.InboxAckFrame;
import chat.model.frames.InboxPageFrame;
import chat.model.frames.InboxSyncFrame;
import chat.model.frames.OutgoingEnvelope;
import chat.model.frames.SendEnvelopesFrame;
import chat.model.internal.Delivery;
import chat.model.internal.DeliveryBatch;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device inboxes against dynalite: envelopes stored per recipient device in order, idempotent by envelopeId, pushed
 * to the addressed device's connection only (a stand-in broker node records the delivery batches), paged, acked,
 * bounded, and gone with a removed device. The inbox holds at most 4 envelopes here.
 */
@QuarkusTest
@TestProfile(InboxTest.SmallInbox.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class InboxTest {
    static final int MAX_PENDING = 4;

    public static class SmallInbox implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.inbox.max-pending", Integer.toString(MAX_PENDING),
                    // by connection, so the stand-in node gets the pushes without being in the brokers table
                    "chat.fanout.by-user-max-brokers", "0");
        }
    }

    @Inject
    EnvelopeHandler envelopes;
    @Inject
    InboxReader inbox;
    @Inject
    DevicesTable devices;
    @Inject
    ConnectionsTable connections;
    @Inject
    DeviceManager deviceManager;

    private HttpServer node;
    private final List<DeliveryBatch> received = new CopyOnWriteArrayList<>();
    private String alice;
    private String alicePhone;
    private String bob;
    private String bobPhone;
    private String bobLaptop;
    private String bobPhoneConnection;
    private String bobLaptopConnection;

    @BeforeEach
    void devicesAndANode() throws IOException {
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        node.createContext("/", ex -> {
            try (ex) {
                received.add(FrameCodec.mapper().readValue(ex.getRequestBody().readAllBytes(), DeliveryBatch.class));
                byte[] answer = "{\"unknownConnections\":[]}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        node.start();
        alice = Ids.newUserId();
        alicePhone = Ids.newDeviceId();
        bob = Ids.newUserId();
        bobPhone = Ids.newDeviceId();
        bobLaptop = Ids.newDeviceId();
        long now = System.currentTimeMillis();
        devices.create(alice, alicePhone, "phone", "x", now);
        devices.create(bob, bobPhone, "phone", "x", now);
        devices.create(bob, bobLaptop, "laptop", "x", now);
        bobPhoneConnection = "c-" + Ids.random(12);
        bobLaptopConnection = "c-" + Ids.random(12);
        String url = "http://127.0.0.1:" + node.getAddress().getPort();
        connections.put(new Connection(bob, bobPhone, bobPhoneConnection, "node-inbox", url), now, now / 1000 + 3600);
        connections.put(new Connection(bob, bobLaptop, bobLaptopConnection, "node-inbox", url), now,
                now / 1000 + 3600);
    }

    @AfterEach
    void stopNode() {
        node.stop(0);
    }

    @Test
    void envelopesToOneDeviceGetIncreasingSeqsInFrameOrderAndEachIsPushedToThatDeviceOnly() {
        EnvelopesSentFrame sent = send(env(bob, bobPhone, "e1", "one"), env(bob, bobPhone, "e2", "two"),
                env(bob, bobPhone, "e3", "three"));

        assertThat(sent.results()).extracting(EnvelopeResult::status).containsOnly(EnvelopeStatus.STORED);
        assertThat(sent.results()).extracting(EnvelopeResult::seq).containsExactly(1L, 2L, 3L);
        List<Delivery> deliveries = received.stream().flatMap(b -> b.deliveries().stream()).toList();
        assertThat(deliveries).extracting(Delivery::connectionId).containsOnly(bobPhoneConnection);
        List<Envelope> pushed = received.stream().flatMap(b -> b.deliveries().stream().flatMap(
                d -> b.framesOf(d).stream())).map(f -> ((EnvelopeFrame) FrameCodec.decodeServer(f)).envelope())
                .toList();
        assertThat(pushed).extracting(Envelope::seq).containsExactly(1L, 2L, 3L);
        assertThat(pushed.get(0)).satisfies(e -> {
            assertThat(e.senderUserId()).isEqualTo(alice);
            assertThat(e.senderDeviceId()).isEqualTo(alicePhone);
            assertThat(e.suite()).isEqualTo(EnvelopeSuite.SIGNAL_V3);
            assertThat(e.kind()).isEqualTo(EnvelopeKind.PREKEY);
            assertThat(Base64.getDecoder().decode(e.body())).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void aResentEnvelopeIdIsADuplicateWithTheFirstSeqAndStoresNothingNew() {
        send(env(bob, bobLaptop, "same", "first"));

        EnvelopesSentFrame again = send(env(bob, bobLaptop, "same", "second"));

        assertThat(again.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(EnvelopeStatus.DUPLICATE);
            assertThat(r.seq()).isEqualTo(1L);
        });
        InboxPageFrame page = inbox.sync(bob, bobLaptop, new InboxSyncFrame("s", null, null));
        assertThat(page.envelopes()).extracting(Envelope::seq).containsExactly(1L);
        assertThat(Base64.getDecoder().decode(page.envelopes().get(0).body()))
                .isEqualTo("first".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEnvelopeForADeviceThatDoesNotExistIsRefusedAndTheRestOfTheFrameIsStored() {
        EnvelopesSentFrame sent = send(env(bob, Ids.newDeviceId(), "a", "x"), env(bob, bobLaptop, "b", "y"),
                env(Ids.newUserId(), bobLaptop, "c", "z"));

        assertThat(sent.results()).extracting(EnvelopeResult::status)
                .containsExactly(EnvelopeStatus.REFUSED, EnvelopeStatus.STORED, EnvelopeStatus.REFUSED);
        assertThat(sent.results().get(0).code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
        assertThat(sent.results().get(0).retryable()).isFalse();
        assertThat(sent.results().get(2).code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
    }

    @Test
    void aFullInboxRefusesWithInboxFullUntilTheDeviceAcks() {
        List<OutgoingEnvelope> batch = new ArrayList<>();
        for (int i = 0; i <= MAX_PENDING; i++) {
            batch.add(env(bob, bobLaptop, "f" + i, "x" + i));
        }

        EnvelopesSentFrame sent = send(batch.toArray(OutgoingEnvelope[]::new));

        assertThat(sent.results().subList(0, MAX_PENDING)).extracting(EnvelopeResult::status)
                .containsOnly(EnvelopeStatus.STORED);
        EnvelopeResult last = sent.results().get(MAX_PENDING);
        assertThat(last.code()).isEqualTo(ErrorCode.INBOX_FULL);
        assertThat(last.retryable()).isFalse();

        inbox.ack(bob, bobLaptop, new InboxAckFrame("k", 1L));
        EnvelopesSentFrame retried = send(env(bob, bobLaptop, "f" + MAX_PENDING, "again"));
        assertThat(retried.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(EnvelopeStatus.STORED);
            assertThat(r.seq()).isEqualTo(MAX_PENDING + 1L);
        });
    }

    @Test
    void anAckDeletesUpToItsSeqAndSeqsAreNeverGivenAgain() {
        send(env(bob, bobLaptop, "a1", "x"), env(bob, bobLaptop, "a2", "y"));

        assertThat(inbox.ack(bob, bobLaptop, new InboxAckFrame("k", 2L)).upTo()).isEqualTo(2);

        assertThat(inbox.sync(bob, bobLaptop, new InboxSyncFrame("s", 0L, null)).envelopes()).isEmpty();
        EnvelopesSentFrame later = send(env(bob, bobLaptop, "a3", "z"));
        assertThat(later.results().get(0).seq()).isEqualTo(3L);
        // After the ack a resend of an acked envelope is still a duplicate: it is not delivered twice.
        assertThat(send(env(bob, bobLaptop, "a1", "x")).results().get(0).status())
                .isEqualTo(EnvelopeStatus.DUPLICATE);
    }

    @Test
    void anAckBeyondTheHeadIsRefused() {
        send(env(bob, bobLaptop, "h1", "x"));

        assertThatThrownBy(() -> inbox.ack(bob, bobLaptop, new InboxAckFrame("k", 2L)))
                .isInstanceOfSatisfying(ChatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ACK_BEYOND_HEAD));
    }

    @Test
    void syncPagesAscendingFromTheCursorAndSaysWhenThereIsMore() {
        send(env(bob, bobLaptop, "p1", "1"), env(bob, bobLaptop, "p2", "2"), env(bob, bobLaptop, "p3", "3"));

        InboxPageFrame first = inbox.sync(bob, bobLaptop, new InboxSyncFrame("s", null, 2));
        InboxPageFrame second = inbox.sync(bob, bobLaptop, new InboxSyncFrame("s", 2L, 2));

        assertThat(first.envelopes()).extracting(Envelope::seq).containsExactly(1L, 2L);
        assertThat(first.hasMore()).isTrue();
        assertThat(second.envelopes()).extracting(Envelope::seq).containsExactly(3L);
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void aDeviceReadsOnlyItsOwnInbox() {
        send(env(bob, bobPhone, "o1", "for the phone"));

        assertThat(inbox.sync(bob, bobLaptop, new InboxSyncFrame("s", null, null)).envelopes()).isEmpty();
        assertThat(inbox.sync(bob, bobPhone, new InboxSyncFrame("s", null, null)).envelopes()).hasSize(1);
    }

    @Test
    void aRemovedDeviceLosesItsInboxAndGetsNoNewEnvelopes() {
        send(env(bob, bobLaptop, "r1", "x"), env(bob, bobLaptop, "r2", "y"));

        deviceManager.remove(new DevicePrincipal(bob, bobPhone, Long.MAX_VALUE), bobLaptop);

        assertThat(inbox.sync(bob, bobLaptop, new InboxSyncFrame("s", null, null)).envelopes()).isEmpty();
        EnvelopesSentFrame after = send(env(bob, bobLaptop, "r3", "z"));
        assertThat(after.results().get(0).code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
    }

    private EnvelopesSentFrame send(OutgoingEnvelope... list) {
        return envelopes.send(alice, alicePhone, new SendEnvelopesFrame("r", List.of(list)));
    }

    private static OutgoingEnvelope env(String userId, String deviceId, String id, String text) {
        return new OutgoingEnvelope(userId, deviceId, id, EnvelopeSuite.SIGNAL_V3, EnvelopeKind.PREKEY,
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }
}
