package chat.e2e;

import chat.client.ChatConnection;
import chat.model.frames.FrameCodec;
import chat.model.frames.LastSeenPrivacy;
import chat.model.frames.PresenceListFrame;
import chat.model.frames.PresenceView;
import chat.model.frames.PrivacyFrame;
import chat.model.frames.RegisterPushFrame;
import chat.model.frames.PushKind;
import chat.model.frames.PushRegisteredFrame;
import chat.model.frames.SetPrivacyFrame;
import chat.model.frames.SubscribePresenceFrame;
import chat.model.frames.TypingFrame;
import chat.testing.WebPushReceiver;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Presence, privacy, typing and push registration as a client sends them. */
final class Presence {
    private Presence() {
    }

    static List<PresenceView> subscribe(ChatConnection c, String... userIds) throws Exception {
        return c.request(new SubscribePresenceFrame(c.newReqId(), List.of(userIds)), PresenceListFrame.class)
                .get(10, TimeUnit.SECONDS).presences();
    }

    static PresenceView of(ChatConnection c, String userId) throws Exception {
        return subscribe(c, userId).get(0);
    }

    static void setPrivacy(ChatConnection c, LastSeenPrivacy privacy) throws Exception {
        c.request(new SetPrivacyFrame(c.newReqId(), privacy), PrivacyFrame.class).get(10, TimeUnit.SECONDS);
    }

    /** Typing frames have no answer; sent without a reqId like a client's periodic refresh. */
    static void typing(ChatConnection c, String conversationId, boolean typing) throws Exception {
        c.sendRaw(FrameCodec.encode(new TypingFrame(null, conversationId, typing))).get(10, TimeUnit.SECONDS);
    }

    static void registerWebPush(ChatConnection c, WebPushReceiver.Subscription s) throws Exception {
        c.request(new RegisterPushFrame(c.newReqId(), PushKind.WEBPUSH, s.endpoint(), s.p256dh(), s.auth(), null),
                PushRegisteredFrame.class).get(10, TimeUnit.SECONDS);
    }
}
