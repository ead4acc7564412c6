package chat.functions.messaging;

import chat.model.Ids;
import chat.model.frames.AckFrame;
import chat.model.frames.AckedFrame;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Cumulative delivered/read acks. A direct chat's cursors live on its conversation item ({@link DirectAcks}); a
 * group's on its member rows, with an aggregate receipt ({@link GroupReceipts}). Cursors only move forward; when
 * they move, the devices that care get a receipt frame.
 */
@ApplicationScoped
public class AckHandler {
    private final DirectAcks direct;
    private final GroupReceipts groups;

    public AckHandler(DirectAcks direct, GroupReceipts groups) {
        this.direct = direct;
        this.groups = groups;
    }

    public AckedFrame ack(Caller caller, AckFrame frame) {
        return Ids.isDirect(frame.conversationId()) ? direct.ack(caller, frame) : groups.ack(caller, frame);
    }
}
