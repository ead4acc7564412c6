package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.ChatHttpApi;
import chat.client.FrameRecorder;
import chat.client.ReceivedEnvelope;
import chat.model.ErrorCode;
import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeResult;
import chat.model.frames.EnvelopeStatus;
import chat.model.frames.EnvelopeSuite;
import chat.model.frames.ErrorFrame;
import chat.model.frames.InboxPageFrame;
import chat.model.frames.InboxSyncFrame;
import chat.model.frames.OutgoingEnvelope;
import chat.system.ChatSystem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Device inboxes through the real system (brokers, functions, dynalite as processes), driven by the SDK: envelopes to
 * an online device arrive live, to an offline one on its next connect, each exactly once and in order, and acking
 * deletes them; a removed device gets nothing; bad input is refused with the protocol's codes.
 */
@ExtendWith(SharedSystem.class)
class DeviceInboxTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private ChatSystem system;
    private TestUsers users;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp(ChatSystem system) {
        this.system = system;
        this.users = new TestUsers(system);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void anOnlineDeviceGetsItsEnvelopesLiveAndAnOfflineOneOnReconnectEachOnceInOrderAndAcksDeleteThem()
            throws Exception {
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.Device bobPhone = bob.device();
        TestUsers.Device bobLaptop = users.addDevice(bob.handle(), "laptop");
        List<ReceivedEnvelope> onPhone = new CopyOnWriteArrayList<>();
        ChatDevice phone = device(bobPhone, onPhone);
        ChatDevice aliceDevice = device(alice.device(), new CopyOnWriteArrayList<>());

        List<OutgoingEnvelope> batch = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            batch.add(envelope(bobPhone, "p" + i, "to phone " + i));
            batch.add(envelope(bobLaptop, "l" + i, "to laptop " + i));
        }
        List<EnvelopeResult> results = aliceDevice.sendEnvelopes(batch).get(20, TimeUnit.SECONDS).results();

        assertThat(results).extracting(EnvelopeResult::status).containsOnly(EnvelopeStatus.STORED);
        assertThat(results).extracting(EnvelopeResult::seq).containsExactly(1L, 1L, 2L, 2L, 3L, 3L);
        await().atMost(TIMEOUT).until(() -> onPhone.size() >= 3);
        // A resend of the whole batch is a duplicate everywhere and is not handed out again.
        assertThat(aliceDevice.sendEnvelopes(batch).get(20, TimeUnit.SECONDS).results())
                .extracting(EnvelopeResult::status).containsOnly(EnvelopeStatus.DUPLICATE);
        // The repeats were pushed (if at all) before alice's answer, so before the answer to this round trip.
        phone.conversations().get(20, TimeUnit.SECONDS);
        phone.close();
        assertThat(texts(onPhone)).containsExactly("to phone 1", "to phone 2", "to phone 3");
        assertThat(onPhone.get(0).senderUserId()).isEqualTo(alice.userId());
        assertThat(onPhone.get(0).senderDeviceId()).isEqualTo(alice.device().deviceId());
        awaitInboxEmpty(bobPhone);

        List<ReceivedEnvelope> onLaptop = new CopyOnWriteArrayList<>();
        ChatDevice laptop = device(bobLaptop, onLaptop);
        await().atMost(TIMEOUT).until(() -> onLaptop.size() >= 3);
        laptop.close();
        assertThat(texts(onLaptop)).containsExactly("to laptop 1", "to laptop 2", "to laptop 3");
        assertThat(onLaptop).extracting(ReceivedEnvelope::seq).containsExactly(1L, 2L, 3L);
        awaitInboxEmpty(bobLaptop);
    }

    @Test
    void aRemovedDeviceGetsNoEnvelopesAndItsStoredOnesAreGone() throws Exception {
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.Device bobLaptop = users.addDevice(bob.handle(), "laptop");
        ChatDevice aliceDevice = device(alice.device(), new CopyOnWriteArrayList<>());
        assertThat(aliceDevice.sendEnvelopes(List.of(envelope(bobLaptop, "x1", "before")))
                .get(20, TimeUnit.SECONDS).results().get(0).status()).isEqualTo(EnvelopeStatus.STORED);
        ChatHttpApi api = users.api();

        api.removeDevice(api.token(bob.device().credential()).token(), bobLaptop.deviceId());

        List<EnvelopeResult> after = aliceDevice.sendEnvelopes(List.of(envelope(bobLaptop, "x1", "before"),
                envelope(bobLaptop, "x2", "after"), envelope(bob.device(), "x3", "still there")))
                .get(20, TimeUnit.SECONDS).results();
        assertThat(after).extracting(EnvelopeResult::code)
                .containsExactly(ErrorCode.UNKNOWN_DEVICE, ErrorCode.UNKNOWN_DEVICE, null);
        assertThat(after.get(2).status()).isEqualTo(EnvelopeStatus.STORED);
    }

    @Test
    void badEnvelopeFramesAreRefusedWithTheProtocolsCodesAndStoreNothing() throws Exception {
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        ChatConnection c = users.connect(alice);
        open.add(c);
        FrameRecorder frames = FrameRecorder.of(c);
        String to = "\"userId\":\"" + bob.userId() + "\",\"deviceId\":\"" + bob.device().deviceId() + "\"";

        assertThat(refusal(c, frames, "b1", "{\"type\":\"sendEnvelopes\",\"reqId\":\"b1\",\"envelopes\":[{" + to
                + ",\"envelopeId\":\"e\",\"suite\":\"signal-v9\",\"kind\":\"whisper\",\"body\":\"aGk=\"}]}"))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                    assertThat(e.message()).contains("envelopes[0].suite").contains("signal-v3");
                });
        assertThat(refusal(c, frames, "b2", "{\"type\":\"sendEnvelopes\",\"reqId\":\"b2\",\"envelopes\":[{" + to
                + ",\"envelopeId\":\"e\",\"suite\":\"signal-v3\",\"kind\":\"whisper\",\"body\":\"aGk\"}]}").code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal(c, frames, "b3", "{\"type\":\"sendEnvelopes\",\"reqId\":\"b3\",\"envelopes\":[{" + to
                + ",\"envelopeId\":\"e\",\"suite\":\"signal-v3\",\"kind\":7,\"body\":\"aGk=\"}]}").code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal(c, frames, "b4", "{\"type\":\"sendEnvelopes\",\"reqId\":\"b4\",\"envelopes\":[]}")
                .code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal(c, frames, "b5", "{\"type\":\"sendEnvelopes\",\"reqId\":\"b5\"}").code())
                .isEqualTo(ErrorCode.MISSING_FIELD);
        StringBuilder tooMany = new StringBuilder("{\"type\":\"sendEnvelopes\",\"reqId\":\"b6\",\"envelopes\":[");
        for (int i = 0; i <= 100; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{").append(to).append(",\"envelopeId\":\"e").append(i)
                    .append("\",\"suite\":\"signal-v3\",\"kind\":\"plain\",\"body\":\"aGk=\"}");
        }
        assertThat(refusal(c, frames, "b6", tooMany.append("]}").toString()).code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal(c, frames, "b7", "{\"type\":\"inboxAck\",\"reqId\":\"b7\",\"upTo\":1}").code())
                .isEqualTo(ErrorCode.ACK_BEYOND_HEAD);
        assertThat(refusal(c, frames, "b8", "{\"type\":\"inboxSync\",\"reqId\":\"b8\",\"after\":\"0\"}").code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
        c.close();
        // Nothing was stored for bob by any of them.
        awaitInboxEmpty(bob.device());
    }

    private ErrorFrame refusal(ChatConnection c, FrameRecorder frames, String reqId, String text) throws Exception {
        c.sendRaw(text).get(10, TimeUnit.SECONDS);
        ErrorFrame e = frames.awaitFrame(ErrorFrame.class, f -> reqId.equals(f.reqId()), TIMEOUT);
        assertThat(e).as("an error answering %s", reqId).isNotNull();
        return e;
    }

    /** The device's inbox holds nothing (the acks of a closed device may still be on their way). */
    private void awaitInboxEmpty(TestUsers.Device device) {
        await().atMost(TIMEOUT).until(() -> {
            try (ChatConnection c = users.connect(device)) {
                InboxPageFrame page = c.request(new InboxSyncFrame(c.newReqId(), null, null), InboxPageFrame.class)
                        .get(10, TimeUnit.SECONDS);
                return page.envelopes().isEmpty();
            }
        });
    }

    private ChatDevice device(TestUsers.Device device, List<ReceivedEnvelope> seen) throws Exception {
        ChatDevice d = ChatDevice.builder(system.ws(0), device.credential())
                .api(new ChatHttpApi(system.api(0)))
                .listener(new ChatDevice.Listener() {
                    @Override
                    public void onEnvelope(ReceivedEnvelope envelope) {
                        seen.add(envelope);
                    }
                }).build();
        open.add(d);
        d.start().get(30, TimeUnit.SECONDS);
        return d;
    }

    private static OutgoingEnvelope envelope(TestUsers.Device to, String id, String text) {
        return new OutgoingEnvelope(to.userId(), to.deviceId(), id, EnvelopeSuite.SIGNAL_V3, EnvelopeKind.PREKEY,
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(List<ReceivedEnvelope> seen) {
        return seen.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }
}
