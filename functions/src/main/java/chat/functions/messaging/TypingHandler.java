package chat.functions.messaging;

import chat.functions.routing.DirectRouter;
import chat.functions.routing.Push;
import chat.functions.routing.UserRouter;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.model.Ids;
import chat.model.Limits;
import chat.model.frames.FrameCodec;
import chat.model.frames.TypingFrame;
import chat.model.frames.TypingNoticeFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/**
 * Typing indicators: relayed straight to the other members' connected devices through their brokers. Nothing is
 * stored, nothing goes through a queue and nothing is push-notified; a device that is not connected simply misses
 * it, and the indicator expires by itself on the receiving clients.
 */
@ApplicationScoped
public class TypingHandler {
    private final Memberships memberships;
    private final MembersTable members;
    private final DirectRouter router;
    private final UserRouter users;

    public TypingHandler(Memberships memberships, MembersTable members, DirectRouter router, UserRouter users) {
        this.memberships = memberships;
        this.members = members;
        this.router = router;
        this.users = users;
    }

    public void typing(Caller caller, TypingFrame frame) {
        memberships.require(frame.conversationId(), caller.userId());
        String notice = FrameCodec.encode(new TypingNoticeFrame(frame.conversationId(), caller.userId(),
                frame.typing(), Limits.TYPING_EXPIRES_MS));
        List<String> others = Ids.isDirect(frame.conversationId())
                ? Arrays.stream(Ids.directMembers(frame.conversationId())).toList()
                : members.members(frame.conversationId()).stream().filter(Member::active).map(Member::userId).toList();
        List<Push> pushes = others.stream().filter(u -> !u.equals(caller.userId()))
                .map(u -> new Push(u, null, notice)).toList();
        // A group by user to every live node: no read of each member's connections; a direct chat as its messages.
        if (Ids.isDirect(frame.conversationId())) {
            router.push(pushes);
        } else {
            users.push(pushes);
        }
    }
}
