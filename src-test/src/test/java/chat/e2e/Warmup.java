package chat.e2e;

import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.ChatHttpApi;
import chat.client.ConnectionOptions;
import chat.client.FrameRecorder;
import chat.model.Ids;
import chat.model.api.AddDeviceRequest;
import chat.model.api.DeviceCreated;
import chat.model.api.RegisterAccountRequest;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.system.ChatSystem;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Takes a freshly started system through its first calls before any test sees it: registration, a token, a
 * connection to every broker, a send through every broker and its live delivery. Ready (what the start waited for)
 * is not warm: the first send of a fresh JVM loads and compiles the whole path, which on a busy machine takes longer
 * than the 10 s a test allows a request (and than the broker's own call timeout, so the broker refuses it). The
 * bounds here only guard against a hang; a send that times out is sent again (same clientMsgId, so at most once).
 */
final class Warmup {
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final Duration BOUND = Duration.ofSeconds(240);

    private Warmup() {
    }

    /** Warms {@code system} and returns it; stops it if the warm-up fails. */
    static ChatSystem of(ChatSystem system) {
        try {
            ChatHttpApi api = new ChatHttpApi(system.api(), ChatHttpApi.defaultClient(), CALL);
            String sender = device(api, "warmsender");
            String receiver = device(api, "warmreceiver");
            for (int i = 0; i < system.brokerCount(); i++) {
                sendThrough(api, system.ws(i), system.ws((i + 1) % system.brokerCount()), sender, receiver);
            }
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        } catch (Exception e) {
            system.close();
            throw new IllegalStateException("warm-up of the system failed", e);
        }
    }

    /** A new user with one device; returns the device's credential. */
    private static String device(ChatHttpApi api, String prefix) {
        String handle = prefix + "_" + Ids.random(8).toLowerCase();
        api.register(new RegisterAccountRequest(handle, prefix, TestUsers.PASSWORD));
        DeviceCreated d = api.addDevice(new AddDeviceRequest(handle, TestUsers.PASSWORD, "warm-up"));
        return d.credential();
    }

    private static void sendThrough(ChatHttpApi api, URI senderBroker, URI receiverBroker, String sender,
            String receiver) throws Exception {
        String receiverId = api.token(receiver).userId();
        try (ChatConnection from = connect(api, senderBroker, sender);
                ChatConnection to = connect(api, receiverBroker, receiver)) {
            SendFrame frame = new SendFrame(null, null, receiverId, "warm-" + Ids.random(8), Bodies.of("warm-up"));
            long started = System.nanoTime();
            await("first send through " + senderBroker).atMost(BOUND).ignoreExceptions()
                    .until(() -> from.send(frame, CALL).get(CALL.toSeconds() + 5, TimeUnit.SECONDS) != null);
            // The fan-out path is warm once the push has arrived (or at least was attempted within the bound).
            boolean pushed = FrameRecorder.of(to).awaitFrame(MessageFrame.class, m -> true, CALL) != null;
            System.out.printf("warm-up: first send through %s answered and %s in %d ms%n", senderBroker,
                    pushed ? "pushed" : "NOT pushed live", (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static ChatConnection connect(ChatHttpApi api, URI broker, String credential) throws Exception {
        String token = api.token(credential).token();
        ChatConnection c = ChatConnection.open(broker, token, CALL, FrameRecorder.options()
                .withRequestTimeout(CALL)).get(CALL.toSeconds() + 5, TimeUnit.SECONDS);
        c.hello().get(CALL.toSeconds(), TimeUnit.SECONDS);
        return c;
    }
}
