package chat.e2e;

import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.client.ChatHttpApi;
import chat.model.Ids;
import chat.model.api.AccountCreated;
import chat.model.api.AddDeviceRequest;
import chat.model.api.DeviceCreated;
import chat.model.api.RegisterAccountRequest;
import chat.model.frames.HelloFrame;
import chat.system.ChatSystem;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Registers throw-away users and connects their devices, as a real client would. */
public final class TestUsers {
    public static final String PASSWORD = "correct horse battery";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final ChatHttpApi api;
    private final URI ws;

    public TestUsers(ChatSystem system) {
        this(system.api(), system.ws());
    }

    public TestUsers(URI api, URI ws) {
        this.api = new ChatHttpApi(api);
        this.ws = ws;
    }

    /** A registered user with one device. */
    public record User(String userId, String handle, Device device) {
    }

    public record Device(String userId, String deviceId, String credential) {
    }

    public User register(String prefix) {
        String handle = (prefix + "_" + Ids.random(8)).toLowerCase();
        AccountCreated account = api.register(new RegisterAccountRequest(handle, prefix, PASSWORD));
        return new User(account.userId(), handle, addDevice(handle, "first"));
    }

    /** Registers {@code count} users in parallel (registration is network-bound, not CPU-bound). */
    public java.util.List<User> registerMany(String prefix, int count) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<User>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> register(prefix)));
            }
            java.util.List<User> out = new java.util.ArrayList<>();
            for (var f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("registration failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    public Device addDevice(String handle, String name) {
        DeviceCreated d = api.addDevice(new AddDeviceRequest(handle, PASSWORD, name));
        return new Device(d.userId(), d.deviceId(), d.credential());
    }

    public ChatHttpApi api() {
        return api;
    }

    /** Connects with a fresh token and waits for the hello frame. */
    public ChatConnection connect(Device device) throws Exception {
        return connect(device, ws);
    }

    public ChatConnection connect(Device device, URI broker) throws Exception {
        String token = api.token(device.credential()).token();
        ChatConnection c = FrameRecorder.open(broker, token, TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        HelloFrame hello = c.hello().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!hello.deviceId().equals(device.deviceId())) {
            throw new IllegalStateException("hello names another device: " + hello);
        }
        return c;
    }

    public ChatConnection connect(User user) throws Exception {
        return connect(user.device());
    }
}
