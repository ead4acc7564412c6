package chat.e2e;

import chat.client.ChatConnection;
import chat.model.frames.CreateGroupFrame;
import chat.model.frames.GroupChangeFrame;
import chat.model.frames.SentFrame;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Group operations as a client sends them. */
final class Groups {
    private Groups() {
    }

    static SentFrame create(ChatConnection c, String name, List<String> userIds) throws Exception {
        return c.request(new CreateGroupFrame(c.newReqId(), UUID.randomUUID().toString(), name, userIds),
                SentFrame.class).get(30, TimeUnit.SECONDS);
    }

    static SentFrame change(ChatConnection c, String conversationId, String action, List<String> userIds,
            String name) throws Exception {
        return c.request(new GroupChangeFrame(c.newReqId(), UUID.randomUUID().toString(), conversationId, action,
                userIds, name), SentFrame.class).get(30, TimeUnit.SECONDS);
    }
}
