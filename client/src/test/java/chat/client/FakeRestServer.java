package chat.client;

import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.api.AccountCreated;
import chat.model.api.AddDeviceRequest;
import chat.model.api.ApiError;
import chat.model.api.DeviceCreated;
import chat.model.api.RegisterAccountRequest;
import chat.model.api.TokenIssued;
import chat.model.api.TokenRequest;
import chat.model.api.UserList;
import chat.model.api.UserView;
import chat.model.auth.DeviceCredential;
import chat.model.frames.FrameCodec;
import chat.model.keys.DeviceIdentityKey;
import chat.model.keys.DeviceListUpload;
import chat.model.keys.IdentityKeys;
import chat.model.keys.KeyBundles;
import chat.model.keys.KeyCounts;
import chat.model.keys.KeySuite;
import chat.model.keys.KeyUpload;
import chat.model.keys.OneTimePreKey;
import chat.model.keys.PreKeyBundle;
import chat.model.keys.SignedPreKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The public REST API in memory (JDK HttpServer), key directory included; its tokens are registered with a
 * {@link FakeChatServer}.
 */
public final class FakeRestServer implements AutoCloseable {
    private record Account(String userId, String handle, String displayName, String password) {
    }

    private final HttpServer http;
    private final FakeChatServer chat;
    private final Map<String, Account> byHandle = new ConcurrentHashMap<>();
    private final Map<String, String> credentials = new ConcurrentHashMap<>(); // credential -> deviceId
    private final AtomicInteger userLookups = new AtomicInteger();
    private final Map<String, DeviceCredential> tokens = new ConcurrentHashMap<>();
    /** The key directory: each device's published keys, in the order the devices first published. */
    private final Map<String, PublishedKeys> keys = new LinkedHashMap<>(); // guarded by itself
    /** Each user's signed device list as uploaded (stored as given: the real server's checks are not repeated). */
    private final Map<String, String> deviceLists = new ConcurrentHashMap<>();

    private record PublishedKeys(String userId, KeySuite suite, String identityKey, int registrationId,
            SignedPreKey signedPreKey, Deque<OneTimePreKey> oneTime) {
    }

    public FakeRestServer(FakeChatServer chat) throws IOException {
        this.chat = chat;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/v1/accounts", ex -> handle(ex, () -> {
            RegisterAccountRequest r = read(ex, RegisterAccountRequest.class);
            Account a = new Account(Ids.newUserId(), r.handle(), r.displayName(), r.password());
            if (byHandle.putIfAbsent(r.handle(), a) != null) {
                return error(ex, ErrorCode.HANDLE_TAKEN, "handle taken");
            }
            return reply(ex, 201, new AccountCreated(a.userId(), a.handle(), a.displayName()));
        }));
        http.createContext("/v1/devices", ex -> handle(ex, () -> {
            AddDeviceRequest r = read(ex, AddDeviceRequest.class);
            Account a = byHandle.get(r.handle());
            if (a == null || !a.password().equals(r.password())) {
                return error(ex, ErrorCode.UNAUTHENTICATED, "wrong handle or password");
            }
            DeviceCredential c = new DeviceCredential(a.userId(), Ids.newDeviceId(), Ids.random(40));
            credentials.put(c.encode(), c.deviceId());
            return reply(ex, 201, new DeviceCreated(a.userId(), c.deviceId(), c.encode()));
        }));
        http.createContext("/v1/tokens", ex -> handle(ex, () -> {
            TokenRequest r = read(ex, TokenRequest.class);
            if (!credentials.containsKey(r.credential())) {
                return error(ex, ErrorCode.UNAUTHENTICATED, "unknown credential");
            }
            DeviceCredential c = DeviceCredential.parse(r.credential());
            String token = "tok-" + c.deviceId() + "-" + Ids.random(6);
            chat.device(token, c.userId(), c.deviceId());
            tokens.put(token, c);
            return reply(ex, 200, new TokenIssued(token, System.currentTimeMillis() + 600_000, c.userId(),
                    c.deviceId()));
        }));
        http.createContext("/v1/users", ex -> handle(ex, () -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")
                    || !(auth.startsWith("Bearer tok-") || credentials.containsKey(auth.substring(7)))) {
                return error(ex, ErrorCode.UNAUTHENTICATED, "token required");
            }
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/v1/users/")) {
                Account a = byHandle.get(path.substring("/v1/users/".length()));
                if (a == null) {
                    return error(ex, ErrorCode.USER_NOT_FOUND, "no such user");
                }
                return reply(ex, 200, new UserView(a.userId(), a.handle(), a.displayName()));
            }
            // GET /v1/users?ids=u1,u2: as the functions answer it (unknown ids absent, at most 100).
            userLookups.incrementAndGet();
            String query = ex.getRequestURI().getQuery();
            List<String> ids = query == null || !query.startsWith("ids=") ? List.of()
                    : List.of(query.substring(4).split(","));
            if (ids.isEmpty() || ids.size() > UserList.MAX_IDS) {
                return error(ex, ErrorCode.INVALID_FIELD, "invalid ids");
            }
            List<UserView> found = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                Ids.requireMatch(Ids.USER_ID, id, "ids");
                byHandle.values().stream().filter(a -> a.userId().equals(id)).findFirst()
                        .ifPresent(a -> found.add(new UserView(a.userId(), a.handle(), a.displayName())));
            }
            return reply(ex, 200, new UserList(found));
        }));
        http.createContext("/v1/keys", ex -> handle(ex, () -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            DeviceCredential caller = auth == null || !auth.startsWith("Bearer ") ? null
                    : tokens.get(auth.substring(7));
            if (caller == null) {
                return error(ex, ErrorCode.UNAUTHENTICATED, "token required");
            }
            String[] path = ex.getRequestURI().getPath().substring(1).split("/");
            synchronized (keys) {
                if (path.length == 2 && ex.getRequestMethod().equals("PUT")) {
                    KeyUpload u = read(ex, KeyUpload.class);
                    PublishedKeys had = keys.get(caller.deviceId());
                    if (had == null && u.signedPreKey() == null) {
                        return error(ex, ErrorCode.MISSING_FIELD, "missing field: signedPreKey");
                    }
                    Deque<OneTimePreKey> oneTime = had == null ? new ArrayDeque<>() : had.oneTime();
                    oneTime.addAll(u.oneTimePreKeys() == null ? List.of() : u.oneTimePreKeys());
                    keys.put(caller.deviceId(), new PublishedKeys(caller.userId(), u.suite(), u.identityKey(),
                            u.registrationId(), u.signedPreKey() != null ? u.signedPreKey() : had.signedPreKey(),
                            oneTime));
                }
                if (path.length == 2) {
                    PublishedKeys mine = keys.get(caller.deviceId());
                    return reply(ex, 200, mine == null ? new KeyCounts(null, 0, null)
                            : new KeyCounts(mine.suite(), mine.oneTime().size(), mine.signedPreKey().keyId()));
                }
                List<PreKeyBundle> bundles = new ArrayList<>();
                keys.forEach((deviceId, k) -> {
                    if (k.userId().equals(path[2]) && !deviceId.equals(caller.deviceId())
                            && (path.length < 4 || deviceId.equals(path[3]))) {
                        OneTimePreKey one = k.oneTime().pollFirst();
                        bundles.add(new PreKeyBundle(deviceId, k.suite(), k.registrationId(), k.identityKey(),
                                k.signedPreKey(), one, one == null));
                    }
                });
                if (path.length == 4) {
                    return bundles.isEmpty() ? error(ex, ErrorCode.DEVICE_NOT_FOUND, "no such device")
                            : reply(ex, 200, bundles.get(0));
                }
                return reply(ex, 200, new KeyBundles(path[2], bundles));
            }
        }));
        http.createContext("/v1/identity-keys", ex -> handle(ex, () -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            DeviceCredential caller = auth == null || !auth.startsWith("Bearer ") ? null
                    : tokens.get(auth.substring(7));
            if (caller == null) {
                return error(ex, ErrorCode.UNAUTHENTICATED, "token required");
            }
            String userId = ex.getRequestURI().getPath().substring("/v1/identity-keys/".length());
            List<DeviceIdentityKey> devices = new ArrayList<>();
            synchronized (keys) {
                keys.forEach((deviceId, k) -> {
                    if (k.userId().equals(userId) && !deviceId.equals(caller.deviceId())) {
                        devices.add(new DeviceIdentityKey(deviceId, k.suite(), k.registrationId(), k.identityKey()));
                    }
                });
            }
            return reply(ex, 200, new IdentityKeys(userId, devices, deviceLists.get(userId)));
        }));
        http.createContext("/v1/device-list", ex -> handle(ex, () -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            DeviceCredential caller = auth == null || !auth.startsWith("Bearer ") ? null
                    : tokens.get(auth.substring(7));
            if (caller == null) {
                return error(ex, ErrorCode.UNAUTHENTICATED, "token required");
            }
            DeviceListUpload upload = read(ex, DeviceListUpload.class);
            deviceLists.put(caller.userId(), upload.signedList());
            return reply(ex, 200, Map.of("version", 0));
        }));
        http.start();
    }

    /** How many GET /v1/users?ids= requests were answered (a client's name cache should keep this low). */
    public int userLookups() {
        return userLookups.get();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    private interface Action {
        Void run() throws Exception;
    }

    private static void handle(HttpExchange ex, Action action) throws IOException {
        try {
            action.run();
        } catch (chat.model.ChatException e) {
            error(ex, e.code(), e.getMessage());
        } catch (Exception e) {
            error(ex, ErrorCode.MALFORMED_FRAME, String.valueOf(e.getMessage()));
        }
    }

    private static <T> T read(HttpExchange ex, Class<T> type) throws IOException {
        try {
            return FrameCodec.mapper().readValue(ex.getRequestBody().readAllBytes(), type);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            if (e.getCause() instanceof chat.model.ChatException ce) {
                throw ce;
            }
            throw e;
        }
    }

    private static Void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = FrameCodec.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
        return null;
    }

    private static Void error(HttpExchange ex, ErrorCode code, String message) throws IOException {
        return reply(ex, code.httpStatus(), ApiError.of(code, message));
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
