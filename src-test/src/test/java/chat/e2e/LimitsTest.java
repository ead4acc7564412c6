package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import chat.client.ChatApiException;
import chat.client.ChatConnection;
import chat.client.CloseInfo;
import chat.client.ResendPolicy;
import chat.client.Retrier;
import chat.e2e.ScaledOutSystem.Scaled;
import chat.model.CloseCodes;
import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.frames.ErrorFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.ServerFrame;
import chat.system.ChatSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limits that are not about one frame's content (those are in {@link BadInputTest}), with the product's
 * settings: frames per second per device (20/s, bursts of 40), devices per user (5), connections per device (1).
 */
@ExtendWith(ScaledOutSystem.class)
class LimitsTest {
    private static final int BURST = 40;

    @Test
    void aDeviceSendingFasterThanItsFrameRateGetsRateLimitedAndNothingRefusedIsStored(Scaled scaled)
            throws Exception {
        ChatSystem system = scaled.system();
        TestUsers users = new TestUsers(system.api(0), system.ws(0));
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection a = users.connect(alice)) {
            String conversation = a.send(new SendFrame(null, null, bob.userId(), "first", Bodies.of("first")))
                    .get(10, TimeUnit.SECONDS).conversationId();
            // Far more than the burst at once, without waiting for answers; cheap frames (refused by the parser),
            // so the bucket empties faster than it refills however busy the machine is. Then sends.
            int junk = 4 * BURST;
            int sends = 10;
            for (int i = 0; i < junk; i++) {
                a.sendRaw("{\"type\":\"nope\",\"reqId\":\"j" + i + "\"}");
            }
            for (int i = 0; i < sends; i++) {
                a.sendRaw(FrameCodec.encode(new SendFrame("s" + i, conversation, null, "burst-" + i,
                        Bodies.of("burst " + i))));
            }
            List<ServerFrame> answers = new ArrayList<>();
            for (int i = 0; i < junk + sends; i++) {
                String reqId = (i < junk ? "j" : "s") + (i < junk ? i : i - junk);
                answers.add(Frames.await(a, ServerFrame.class, f -> f instanceof SentFrame s && reqId.equals(s.reqId())
                        || f instanceof ErrorFrame e && reqId.equals(e.reqId())));
            }
            List<ErrorFrame> limited = answers.stream().filter(ErrorFrame.class::isInstance)
                    .map(ErrorFrame.class::cast).filter(e -> e.code() == ErrorCode.RATE_LIMITED).toList();
            List<SentFrame> stored = answers.stream().filter(SentFrame.class::isInstance)
                    .map(SentFrame.class::cast).toList();
            System.out.printf("frame rate limit: %d frames at once -> %d RATE_LIMITED, %d of %d sends stored%n",
                    junk + sends, limited.size(), stored.size(), sends);
            assertThat(answers.size() - limited.size()).as("frames handled").isGreaterThanOrEqualTo(BURST - 1);
            assertThat(limited).isNotEmpty().allSatisfy(e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfterMs()).isPositive();
                assertThat(e.message()).contains("20 per second");
            });
            assertThat(answers).filteredOn(ErrorFrame.class::isInstance).map(f -> ((ErrorFrame) f).code())
                    .containsOnly(ErrorCode.RATE_LIMITED, ErrorCode.UNKNOWN_TYPE);

            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try {
                // The burst emptied the bucket: this request, too, waits as it is told (as the reference client's
                // Retrier does) instead of racing the refill.
                HistoryPageFrame history = new Retrier(ResendPolicy.defaults(), timer)
                        .run(() -> a.history(conversation, null, 500)).get(30, TimeUnit.SECONDS);
                assertThat(history.messages()).as("a refused send stored nothing").hasSize(stored.size() + 1);
                // A client that waits as it was told gets a refused send in.
                String retried = stored.size() < sends ? answers.stream().filter(f -> f instanceof ErrorFrame e
                        && e.reqId().startsWith("s")).map(f -> ((ErrorFrame) f).reqId().substring(1)).findFirst()
                        .orElseThrow() : "extra";
                SentFrame again = new Retrier(ResendPolicy.defaults(), timer).run(() -> a.send(new SendFrame(null,
                        conversation, null, "burst-" + retried, Bodies.of("burst " + retried))))
                        .get(30, TimeUnit.SECONDS);
                assertThat(again.duplicate()).isFalse();
            } finally {
                timer.shutdownNow();
            }
        }
    }

    @Test
    void aUserHasAtMostFiveDevicesEachWithOneConnection(Scaled scaled) throws Exception {
        ChatSystem system = scaled.system();
        TestUsers users = new TestUsers(system.api(1), system.ws(0));
        TestUsers.User carol = users.register("carol");
        List<TestUsers.Device> devices = new ArrayList<>(List.of(carol.device()));
        for (int i = 2; i <= Limits.MAX_DEVICES_PER_USER; i++) {
            devices.add(users.addDevice(carol.handle(), "device-" + i));
        }
        Throwable sixth = catchThrowable(() -> users.addDevice(carol.handle(), "one too many"));
        assertThat(sixth).isInstanceOf(ChatApiException.class);
        assertThat(((ChatApiException) sixth).code()).isEqualTo(ErrorCode.DEVICE_LIMIT);
        assertThat(((ChatApiException) sixth).httpStatus()).isEqualTo(409);

        List<ChatConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < devices.size(); i++) {
                open.add(users.connect(devices.get(i), system.ws(i % 2))); // spread over both brokers
            }
            // A second connection of a device replaces the first, whichever broker either is on.
            ChatConnection again = users.connect(devices.get(0), system.ws(1));
            CloseInfo displaced = open.get(0).closed().get(10, TimeUnit.SECONDS);
            assertThat(displaced.code()).isEqualTo(CloseCodes.DISPLACED);
            open.set(0, again);
            for (ChatConnection c : open) {
                assertThat(c.isOpen()).isTrue();
                assertThat(c.conversations().get(10, TimeUnit.SECONDS).conversations()).isEmpty();
            }
            assertThat(open).hasSize(Limits.MAX_CONNECTIONS_PER_USER);
        } finally {
            open.forEach(ChatConnection::close);
        }
    }
}
