package chat.client;

import chat.model.ErrorCode;
import chat.model.api.AccountCreated;
import chat.model.api.AddDeviceRequest;
import chat.model.api.ApiError;
import chat.model.api.ChangePasswordRequest;
import chat.model.api.DeleteAccountRequest;
import chat.model.api.DeviceCreated;
import chat.model.api.DeviceList;
import chat.model.api.PasswordChanged;
import chat.model.api.RegisterAccountRequest;
import chat.model.api.TokenIssued;
import chat.model.api.TokenRequest;
import chat.model.api.UserList;
import chat.model.api.UserView;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The public REST API of the functions tier. Every failure is a {@link ChatApiException} with the stable code and
 * the HTTP status (0 when the server could not be reached). Blocking methods and {@code ...Async} variants.
 */
public final class ChatHttpApi {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper MAPPER = FrameCodec.mapper();

    private final URI base;
    private final HttpClient client;
    private final Duration timeout;

    public ChatHttpApi(URI base) {
        this(base, defaultClient(), DEFAULT_TIMEOUT);
    }

    public ChatHttpApi(URI base, HttpClient client, Duration timeout) {
        Objects.requireNonNull(base, "base");
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** An HTTP/1.1 client (no h2c upgrade attempts against plain-HTTP servers). */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI base() {
        return base;
    }

    /** POST /v1/accounts. */
    public AccountCreated register(RegisterAccountRequest request) {
        return join(registerAsync(request));
    }

    public CompletableFuture<AccountCreated> registerAsync(RegisterAccountRequest request) {
        return post("/v1/accounts", request, AccountCreated.class);
    }

    /** POST /v1/devices: the answer holds the device credential, shown only this once. */
    public DeviceCreated addDevice(AddDeviceRequest request) {
        return join(addDeviceAsync(request));
    }

    public CompletableFuture<DeviceCreated> addDeviceAsync(AddDeviceRequest request) {
        return post("/v1/devices", request, DeviceCreated.class);
    }

    /** POST /v1/tokens: a short-lived token for a device credential. */
    public TokenIssued token(String credential) {
        return join(tokenAsync(credential));
    }

    public CompletableFuture<TokenIssued> tokenAsync(String credential) {
        TokenRequest request;
        try {
            request = new TokenRequest(credential);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return post("/v1/tokens", request, TokenIssued.class);
    }

    /** GET /v1/users/{handle} without credentials (servers may refuse it: see {@link #user(String, String)}). */
    public UserView user(String handle) {
        return user(handle, null);
    }

    /** GET /v1/users/{handle} with {@code Authorization: Bearer <token>}; a leading '@' is ignored. */
    public UserView user(String handle, String bearer) {
        return join(userAsync(handle, bearer));
    }

    public CompletableFuture<UserView> userAsync(String handle, String bearer) {
        String h = handle.startsWith("@") ? handle.substring(1) : handle;
        String path = "/v1/users/" + URLEncoder.encode(h, StandardCharsets.UTF_8).replace("+", "%20");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(request.build(), UserView.class);
    }

    /**
     * GET /v1/users?ids=…: handle and display name of each of these user ids (at most {@link UserList#MAX_IDS}) that
     * names an account; the others are absent from the answer. {@code bearer} is a token or a device credential.
     */
    public UserList users(Collection<String> userIds, String bearer) {
        String ids = URLEncoder.encode(String.join(",", userIds), StandardCharsets.UTF_8);
        return join(call("GET", "/v1/users?ids=" + ids, null, bearer, UserList.class));
    }

    /** GET /v1/devices: the account's devices, with the bearer token of one of them. */
    public DeviceList devices(String bearer) {
        return join(call("GET", "/v1/devices", null, bearer, DeviceList.class));
    }

    /** DELETE /v1/devices/{deviceId}: removes a device of the account (the caller's own: log out). */
    public void removeDevice(String bearer, String deviceId) {
        join(call("DELETE", "/v1/devices/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8), null, bearer,
                Void.class));
    }

    /** POST /v1/account/password. */
    public PasswordChanged changePassword(String bearer, ChangePasswordRequest request) {
        return join(call("POST", "/v1/account/password", request, bearer, PasswordChanged.class));
    }

    /** DELETE /v1/account, confirmed with the password. */
    public void deleteAccount(String bearer, DeleteAccountRequest request) {
        join(call("DELETE", "/v1/account", request, bearer, Void.class));
    }

    private <T> CompletableFuture<T> post(String path, Object body, Class<T> type) {
        return call("POST", path, body, null, type);
    }

    /** One call of the REST API ({@link KeysApi} makes its calls through this too). */
    <T> CompletableFuture<T> call(String method, String path, Object body, String bearer, Class<T> type) {
        String json;
        try {
            json = body == null ? null : MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot encode request", e));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(request.build(), type);
    }

    private <T> CompletableFuture<T> exchange(HttpRequest request, Class<T> type) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        throw unreachable(request, unwrap(error));
                    }
                    return decode(request, response, type);
                });
    }

    private static <T> T decode(HttpRequest request, HttpResponse<String> response, Class<T> type) {
        int status = response.statusCode();
        String body = response.body();
        if (status / 100 == 2) {
            if (type == Void.class) {
                return null;
            }
            try {
                return MAPPER.readValue(body, type);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new ChatApiException(null, status, request.method() + " " + request.uri().getPath()
                        + ": unreadable answer: " + clip(body), false, e);
            }
        }
        throw error(status, body);
    }

    /** The exception for a non-2xx answer: from its ApiError body when it has one. */
    static ChatApiException error(int status, String body) {
        if (body != null && !body.isBlank()) {
            try {
                ApiError apiError = MAPPER.readValue(body, ApiError.class);
                if (apiError != null && apiError.code() != null) {
                    return new ChatApiException(apiError.code(), status,
                            apiError.message() == null ? apiError.code().name() : apiError.message(),
                            apiError.retryable(), apiError.retryAfterMs(), null);
                }
            } catch (JsonProcessingException | IllegalArgumentException ignored) {
                // not an ApiError: fall through
            }
        }
        ErrorCode code = codeForStatus(status);
        String message = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + clip(body));
        return new ChatApiException(code, status, message, code != null && code.retryable(), null);
    }

    /** The code a bare HTTP status implies, when it implies one. */
    static ErrorCode codeForStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : null;
        };
    }

    private ChatApiException unreachable(HttpRequest request, Throwable error) {
        String what = error instanceof HttpTimeoutException ? "timed out"
                : error instanceof ConnectException ? "connection refused"
                : String.valueOf(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        return new ChatApiException(ErrorCode.UNAVAILABLE, 0,
                "cannot reach " + request.uri().resolve("/") + ": " + what, true, error);
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatApiException(ErrorCode.UNAVAILABLE, 0, "interrupted", true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ChatApiException(ErrorCode.UNAVAILABLE, 0, String.valueOf(cause), true, cause);
        }
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IOException && t.getCause() instanceof ConnectException ce) {
            return ce;
        }
        return t;
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
