package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.client.ChatErrorException;
import chat.client.ChatHttpApi;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.api.UserView;
import chat.model.frames.LastSeenPrivacy;
import chat.model.frames.PresenceFrame;
import chat.model.frames.PresenceView;
import chat.model.frames.SendFrame;
import chat.model.frames.ServerFrame;
import chat.system.ChatSystem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class PresenceTest {

    /** Makes the two users contacts: a direct conversation with one message. */
    private static String converse(ChatConnection from, String toUserId) throws Exception {
        return from.send(new SendFrame(null, null, toUserId, "hi-" + Ids.random(6), Bodies.of("hi")))
                .get(10, TimeUnit.SECONDS).conversationId();
    }

    @Test
    void userIsOnlineWhileAnyDeviceIsConnectedAndOfflineWithLastSeenWhenTheLastCloses(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.Device laptop = users.addDevice(alice.handle(), "laptop");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection b = users.connect(bob)) {
            converse(b, alice.userId());
            PresenceView before = Presence.of(b, alice.userId());
            assertThat(before.online()).isFalse();
            assertThat(before.lastSeen()).isNull(); // never connected

            ChatConnection phone = users.connect(alice);
            assertThat(Frames.await(b, PresenceFrame.class, p -> p.userId().equals(alice.userId())).online())
                    .isTrue();
            ChatConnection lap = users.connect(laptop);
            phone.close();
            phone.closed().get(10, TimeUnit.SECONDS);
            // The laptop still holds a connection: a fresh read says online, and no "offline" was pushed.
            assertThat(Presence.of(b, alice.userId()).online()).isTrue();
            assertThat(FrameRecorder.of(b).awaitFrame(PresenceFrame.class, p -> Boolean.FALSE.equals(p.online()),
                    Duration.ofSeconds(1))).isNull();

            long closedAt = System.currentTimeMillis();
            lap.close();
            PresenceFrame offline = Frames.await(b, PresenceFrame.class, p -> Boolean.FALSE.equals(p.online()));
            assertThat(offline.userId()).isEqualTo(alice.userId());
            assertThat(offline.lastSeen()).isBetween(closedAt - 1000, System.currentTimeMillis());
            PresenceView after = Presence.of(b, alice.userId());
            assertThat(after.online()).isFalse();
            assertThat(after.lastSeen()).isEqualTo(offline.lastSeen());
        }
    }

    @Test
    void strangersCannotSubscribeAndAreRefusedExactlyLikeUnknownUsers(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User carol = users.register("carol");
        try (ChatConnection c = users.connect(carol)) {
            ChatErrorException stranger = refusal(c, alice.userId());
            ChatErrorException nobody = refusal(c, Ids.newUserId());
            assertThat(stranger.code()).isEqualTo(ErrorCode.USER_NOT_FOUND).isEqualTo(nobody.code());
            assertThat(stranger.getMessage().replace(alice.userId(), "X"))
                    .isEqualTo(nobody.getMessage().replaceAll("u[0-9a-z]{16}", "X"));
        }
    }

    private static ChatErrorException refusal(ChatConnection c, String userId) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Presence.subscribe(c, userId));
        assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ChatErrorException.class);
        return (ChatErrorException) t.getCause();
    }

    @Test
    void privacyNobodyHidesLastSeenFromEveryoneAndContactsHidesItFromStrangers(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.User carol = users.register("carol");
        ChatHttpApi api = users.api();
        String bobToken = api.token(bob.device().credential()).token();
        String carolToken = api.token(carol.device().credential()).token();
        try (ChatConnection b = users.connect(bob)) {
            try (ChatConnection a = users.connect(alice)) {
                converse(a, bob.userId());
            }
            await().atMost(Frames.WAIT).until(() -> Presence.of(b, alice.userId()).lastSeen() != null);

            // everyone (the default): a contact and a stranger both see last seen.
            assertThat(api.user(alice.handle(), bobToken).lastSeen()).isNotNull();
            UserView strangerView = api.user(alice.handle(), carolToken);
            assertThat(strangerView.lastSeen()).isNotNull();
            assertThat(strangerView.online()).isFalse();

            try (ChatConnection a = users.connect(alice)) {
                Presence.setPrivacy(a, LastSeenPrivacy.CONTACTS);
            }
            await().atMost(Frames.WAIT)
                    .until(() -> Boolean.FALSE.equals(Presence.of(b, alice.userId()).online()));
            assertThat(Presence.of(b, alice.userId()).lastSeen()).isNotNull();
            assertThat(api.user(alice.handle(), bobToken).lastSeen()).isNotNull();
            UserView hiddenFromStranger = api.user(alice.handle(), carolToken);
            assertThat(hiddenFromStranger.lastSeen()).isNull();
            assertThat(hiddenFromStranger.online()).isNull();
            assertThat(hiddenFromStranger.handle()).isEqualTo(alice.handle());

            ChatConnection a = users.connect(alice);
            Frames.await(b, PresenceFrame.class, p -> p.userId().equals(alice.userId())
                    && Boolean.TRUE.equals(p.online())); // still allowed: bob is a contact
            Presence.setPrivacy(a, LastSeenPrivacy.NOBODY);
            a.close();
            a.closed().get(10, TimeUnit.SECONDS);
            await().atMost(Frames.WAIT).until(() -> Presence.of(b, alice.userId()).online() == null);
            FrameRecorder.of(b).frames().removeIf(f -> f instanceof PresenceFrame);
            for (String token : List.of(bobToken, carolToken)) {
                UserView v = api.user(alice.handle(), token);
                assertThat(v.lastSeen()).isNull();
                assertThat(v.online()).isNull();
            }
            PresenceView contactView = Presence.of(b, alice.userId());
            assertThat(contactView.lastSeen()).isNull();
            assertThat(contactView.online()).isNull();
            // The change itself is not pushed either: nothing about alice arrives after she hid.
            try (ChatConnection again = users.connect(alice)) {
                ServerFrame leaked = FrameRecorder.of(b).awaitFrame(PresenceFrame.class, p -> p.userId().equals(alice.userId())
                        && (p.online() != null || p.lastSeen() != null), Duration.ofSeconds(2));
                assertThat(leaked).isNull();
            }
            // She still sees her own.
            try (ChatConnection self = users.connect(alice)) {
                assertThat(api.user(alice.handle(), api.token(alice.device().credential()).token()).online())
                        .isNotNull();
            }
        }
    }
}
