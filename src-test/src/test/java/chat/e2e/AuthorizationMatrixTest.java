package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import chat.client.ChatApiException;
import chat.client.ChatConnectException;
import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.client.ChatErrorException;
import chat.client.SyncResult;
import chat.model.ErrorCode;
import chat.model.auth.DeviceTokens;
import chat.model.frames.AckFrame;
import chat.model.frames.ClientFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.GroupChangeFrame;
import chat.model.frames.HistoryFrame;
import chat.model.frames.MembersFrame;
import chat.model.frames.ReadersFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.ServerFrame;
import chat.model.frames.SubscribePresenceFrame;
import chat.model.frames.TypingFrame;
import chat.system.ChatSystem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every operation attempted by a non-member, by another user's device, with an expired token and with a forged
 * token: all refused, and the refusals for a real conversation (or user) and for one that does not exist are the
 * same, so no answer tells whether it exists. Prints the matrix it checked.
 */
@ExtendWith(SharedSystem.class)
class AuthorizationMatrixTest {
    /** The token secret of a local deployment (application.properties): what lets this test mint tokens. */
    private static final String LOCAL_TOKEN_SECRET = "local-dev-token-secret-change-me-0123456789";
    private static final String GHOST_USER = "u" + "z".repeat(16);
    private static final String GHOST_DM = "dm.u" + "y".repeat(16) + "." + GHOST_USER;
    private static final String GHOST_GROUP = "g" + "z".repeat(16);

    private ChatSystem system;
    private TestUsers users;
    private TestUsers.User alice;
    private TestUsers.User bob;
    private TestUsers.User mallory;
    private String aliceBob;
    private String group;

    @BeforeEach
    void aliceAndBobTalkAlone(ChatSystem system) throws Exception {
        this.system = system;
        users = new TestUsers(system);
        alice = users.register("alice");
        bob = users.register("bob");
        mallory = users.register("mallory");
        try (ChatConnection a = users.connect(alice)) {
            aliceBob = a.send(new SendFrame(null, null, bob.userId(), "s1", Bodies.of("secret")))
                    .get(10, TimeUnit.SECONDS).conversationId();
            group = Groups.create(a, "Private", List.of(bob.userId())).conversationId();
            a.send(new SendFrame(null, group, null, "s2", Bodies.of("group secret"))).get(10, TimeUnit.SECONDS);
        }
    }

    /** The operations a client can attempt on a conversation, by name. */
    private Map<String, Function<String, ClientFrame>> conversationOperations(ChatConnection c) {
        Map<String, Function<String, ClientFrame>> ops = new LinkedHashMap<>();
        ops.put("send", t -> new SendFrame(c.newReqId(), t, null, "x" + c.newReqId(), Bodies.of("x")));
        ops.put("ack", t -> new AckFrame(c.newReqId(), t, 1L, 1L));
        ops.put("history", t -> new HistoryFrame(c.newReqId(), t, null, null));
        ops.put("members", t -> new MembersFrame(c.newReqId(), t));
        ops.put("readers", t -> new ReadersFrame(c.newReqId(), t, 1L));
        ops.put("typing", t -> new TypingFrame(c.newReqId(), t, true));
        ops.put("group add", t -> new GroupChangeFrame(c.newReqId(), "a" + c.newReqId(), t, "add",
                List.of(mallory.userId()), null));
        ops.put("group remove", t -> new GroupChangeFrame(c.newReqId(), "r" + c.newReqId(), t, "remove",
                List.of(bob.userId()), null));
        ops.put("group promote", t -> new GroupChangeFrame(c.newReqId(), "p" + c.newReqId(), t, "promote",
                List.of(bob.userId()), null));
        ops.put("group rename", t -> new GroupChangeFrame(c.newReqId(), "n" + c.newReqId(), t, "rename", null,
                "pwned"));
        ops.put("group leave", t -> new GroupChangeFrame(c.newReqId(), "l" + c.newReqId(), t, "leave", null, null));
        return ops;
    }

    @Test
    void everyOperationIsRefusedToEveryAttackerAndNoRefusalRevealsWhatExists() throws Exception {
        Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
        try (ChatConnection m = users.connect(mallory)) {
            // A non-member, on real and on non-existent conversations: the same answer for both.
            conversationOperations(m).forEach((op, frame) -> {
                for (String[] pair : new String[][] {{aliceBob, GHOST_DM}, {group, GHOST_GROUP}}) {
                    ErrorFrame real = refusal(m, frame.apply(pair[0]));
                    ErrorFrame ghost = refusal(m, frame.apply(pair[1]));
                    assertThat(real.code()).as("%s on %s", op, pair[0]).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
                    assertThat(List.of(ghost.code(), ghost.message(), ghost.retryable()))
                            .as("%s: a real conversation answers like one that does not exist", op)
                            .isEqualTo(List.of(real.code(), real.message(), real.retryable()));
                }
                matrix.computeIfAbsent(op, k -> new LinkedHashMap<>()).put("non-member", "CONVERSATION_NOT_FOUND");
            });
            SyncResult sync = m.sync(Map.of(aliceBob, 0L, group, 0L, GHOST_GROUP, 0L), null)
                    .get(10, TimeUnit.SECONDS);
            assertThat(sync.messages()).as("sync naming others' conversations").isEmpty();
            matrix.computeIfAbsent("sync", k -> new LinkedHashMap<>()).put("non-member", "nothing of theirs");
            assertThat(m.conversations().get(10, TimeUnit.SECONDS).conversations()).isEmpty();
            matrix.computeIfAbsent("conversations", k -> new LinkedHashMap<>()).put("non-member", "only own");
            ErrorFrame stranger = refusal(m, new SubscribePresenceFrame(m.newReqId(), List.of(alice.userId())));
            ErrorFrame nobody = refusal(m, new SubscribePresenceFrame(m.newReqId(), List.of(GHOST_USER)));
            assertThat(stranger.code()).isEqualTo(ErrorCode.USER_NOT_FOUND);
            assertThat(List.of(nobody.code(), nobody.message().replace(GHOST_USER, "?")))
                    .isEqualTo(List.of(stranger.code(), stranger.message().replace(alice.userId(), "?")));
            matrix.computeIfAbsent("presence subscribe", k -> new LinkedHashMap<>())
                    .put("non-member", "USER_NOT_FOUND");
            matrix.computeIfAbsent("registerPush", k -> new LinkedHashMap<>())
                    .put("non-member", "own device only");
        }

        // Another user's device: mallory's credential parts presented as alice's, and mallory's token re-addressed.
        TestUsers.Device own = mallory.device();
        String mallorySecret = own.credential().substring(own.credential().lastIndexOf('.') + 1);
        List<String> borrowed = List.of(
                "dc1." + alice.userId() + "." + own.deviceId() + "." + mallorySecret,
                "dc1." + alice.userId() + "." + alice.device().deviceId() + "." + mallorySecret,
                "dc1." + GHOST_USER + "." + "d" + "z".repeat(16) + "." + mallorySecret);
        List<String> upgradeAnswers = borrowed.stream().map(this::refusedUpgrade).toList();
        assertThat(upgradeAnswers).as("unknown device, someone else's device, wrong secret: one answer")
                .containsOnly(upgradeAnswers.get(0));
        List<String> tokenAnswers = borrowed.stream().map(this::refusedTokenRequest).toList();
        assertThat(tokenAnswers).containsOnly(tokenAnswers.get(0));
        String readdressed = withSubject(users.api().token(own.credential()).token(), alice.userId());
        refusedUpgrade(readdressed);
        refusedLookup(readdressed);

        // Expired and forged tokens: refused at the upgrade, so no operation can even be sent; and by the REST API.
        String expired = new DeviceTokens(LOCAL_TOKEN_SECRET).issue(alice.userId(), alice.device().deviceId(),
                Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(15));
        String forged = new DeviceTokens("an attacker's secret, 32 bytes or more")
                .issue(alice.userId(), alice.device().deviceId(), Instant.now(), Duration.ofMinutes(15));
        String unsigned = "eyJhbGciOiJub25lIn0." + expired.split("\\.")[1] + ".";
        assertThat(refusedUpgrade(expired)).contains("expired");
        refusedLookup(expired);
        for (String bad : List.of(forged, unsigned)) {
            assertThat(refusedUpgrade(bad)).doesNotContain("expired");
            refusedLookup(bad);
        }
        for (Map<String, String> row : matrix.values()) {
            row.put("other user's device", "401 at upgrade");
            row.put("expired token", "401 at upgrade");
            row.put("forged token", "401 at upgrade");
        }
        print(matrix);
    }

    @Test
    void aMemberWhoIsNotAnAdminIsForbiddenEveryGroupAdminAction() throws Exception {
        TestUsers.User carol = users.register("carol");
        try (ChatConnection b = users.connect(bob)) {
            Map<String, ClientFrame> actions = Map.of(
                    "add", new GroupChangeFrame(b.newReqId(), "fa", group, "add", List.of(carol.userId()), null),
                    "remove", new GroupChangeFrame(b.newReqId(), "fr", group, "remove", List.of(alice.userId()), null),
                    "promote", new GroupChangeFrame(b.newReqId(), "fp", group, "promote", List.of(bob.userId()), null),
                    "rename", new GroupChangeFrame(b.newReqId(), "fn", group, "rename", null, "mine now"));
            actions.forEach((action, frame) -> assertThat(refusal(b, frame).code()).as(action)
                    .isEqualTo(ErrorCode.FORBIDDEN));
            assertThat(b.history(group, null, 10).get(10, TimeUnit.SECONDS).messages()).hasSize(2);
        }
    }

    /** The error frame a request is refused with; fails if it was accepted. */
    private static ErrorFrame refusal(ChatConnection c, ClientFrame frame) {
        Throwable t = catchThrowable(() -> c.request(frame, ServerFrame.class).get(10, TimeUnit.SECONDS));
        assertThat(t).as("%s must be refused", frame).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).as("%s", frame).isInstanceOf(ChatErrorException.class);
        return ((ChatErrorException) t.getCause()).frame();
    }

    /** Opens a WebSocket with the bearer, expecting 401 UNAUTHENTICATED; returns the reason given. */
    private String refusedUpgrade(String bearer) {
        Throwable t = catchThrowable(() -> FrameRecorder.open(system.ws(), bearer, Duration.ofSeconds(10))
                .get(10, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ChatConnectException.class);
        ChatConnectException refused = (ChatConnectException) t.getCause();
        assertThat(refused.httpStatus()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        return refused.getMessage();
    }

    private String refusedTokenRequest(String credential) {
        Throwable t = catchThrowable(() -> users.api().token(credential));
        assertThat(t).isInstanceOf(ChatApiException.class);
        assertThat(((ChatApiException) t).httpStatus()).isEqualTo(401);
        return t.getMessage();
    }

    private void refusedLookup(String bearer) {
        Throwable t = catchThrowable(() -> users.api().user(bob.handle(), bearer));
        assertThat(t).isInstanceOf(ChatApiException.class);
        assertThat(((ChatApiException) t).httpStatus()).isEqualTo(401);
    }

    /** The same token with another subject, its signature kept (what an attacker can do without the secret). */
    private static String withSubject(String token, String userId) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\":\"u[0-9a-z]{16}\"", "\"sub\":\"" + userId + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static void print(Map<String, Map<String, String>> matrix) {
        System.out.printf("%-20s %-24s %-22s %-16s %-16s%n", "operation", "non-member", "other user's device",
                "expired token", "forged token");
        matrix.forEach((op, row) -> System.out.printf("%-20s %-24s %-22s %-16s %-16s%n", op, row.get("non-member"),
                row.get("other user's device"), row.get("expired token"), row.get("forged token")));
    }
}
