package chat.functions.messaging;

import chat.functions.messaging.ConversationLog.Appended;
import chat.model.Ids;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;

/**
 * A user's message: membership check, stored once, delivered (a direct chat's inline, a group's through the fan-out
 * queue), answered with its seq.
 */
@ApplicationScoped
public class SendHandler {
    private final Memberships memberships;
    private final ConversationLog log;
    private final DirectDelivery direct;

    public SendHandler(Memberships memberships, ConversationLog log, DirectDelivery direct) {
        this.memberships = memberships;
        this.log = log;
        this.direct = direct;
    }

    public SentFrame send(Caller caller, SendFrame frame) {
        String conversationId = frame.conversationId() != null ? frame.conversationId()
                : memberships.directWith(caller.userId(), frame.peer());
        memberships.requireForSend(conversationId, caller.userId());
        Appended appended = log.append(caller, conversationId, frame.clientMsgId(),
                Base64.getDecoder().decode(frame.body()), null);
        // A duplicate is delivered again too: the first attempt may have died before it did; devices drop repeats.
        if (Ids.isDirect(conversationId)) {
            direct.deliver(appended.entry());
        } else {
            log.publish(appended.entry());
        }
        return sent(frame.reqId(), appended);
    }

    static SentFrame sent(String reqId, Appended appended) {
        var m = appended.entry();
        return new SentFrame(reqId, m.conversationId(), m.clientMsgId(), m.seq(), m.serverTime(),
                appended.duplicate());
    }
}
