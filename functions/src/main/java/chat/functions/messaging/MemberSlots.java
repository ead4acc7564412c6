package chat.functions.messaging;

import chat.functions.ChatConfig;
import chat.functions.store.GroupSlotsTable;
import chat.functions.store.GroupSlotsTable.Outcome;
import chat.functions.store.GroupSlotsTable.Reservation;
import chat.functions.store.StoredMessage;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The member slots of group adds. An add reserves its slots under its own operation (device and clientMsgId), so
 * every attempt of one add holds the same slots however often it dies and is retried; the reservation is settled
 * once the add's members are recorded. A reservation that stays unsettled past the expiry (its add was abandoned)
 * is given back when the group would otherwise be full, or finished if its entry turns out to be stored.
 */
@ApplicationScoped
public class MemberSlots {
    private final GroupSlotsTable slots;
    private final ConversationLog log;
    private final Clock clock;
    private final Duration expiry;

    public MemberSlots(GroupSlotsTable slots, ConversationLog log, ChatConfig config, Clock clock) {
        this.slots = slots;
        this.log = log;
        this.clock = clock;
        this.expiry = config.groups().reservationExpiry();
    }

    /**
     * Holds {@code count} slots for this add, or refuses with GROUP_FULL. {@code finish} completes the effects of a
     * stored add found among the abandoned reservations.
     */
    public void take(Caller caller, String conversationId, String clientMsgId, int count,
            Consumer<StoredMessage> finish) {
        String op = op(caller.deviceId(), clientMsgId);
        if (slots.reserve(conversationId, op, count, Limits.MAX_GROUP_MEMBERS, clock.millis()) != Outcome.FULL) {
            return;
        }
        if (reclaimAbandoned(conversationId, finish)
                && slots.reserve(conversationId, op, count, Limits.MAX_GROUP_MEMBERS, clock.millis()) != Outcome.FULL) {
            return;
        }
        throw new ChatException(ErrorCode.GROUP_FULL, "a group has at most " + Limits.MAX_GROUP_MEMBERS + " members");
    }

    /** The add stored as {@code entry} has recorded its members. */
    public void settle(StoredMessage entry) {
        slots.settle(entry.conversationId(), op(entry.senderDeviceId(), entry.clientMsgId()));
    }

    /** True if any slot came free. */
    private boolean reclaimAbandoned(String conversationId, Consumer<StoredMessage> finish) {
        long staleBefore = clock.millis() - expiry.toMillis();
        boolean freed = false;
        for (Reservation r : slots.reservations(conversationId)) {
            if (r.at() >= staleBefore) {
                continue;
            }
            String[] deviceAndMsg = r.op().split("\\|", 2);
            Optional<StoredMessage> stored = log.earlier(deviceAndMsg[0], conversationId, deviceAndMsg[1]);
            if (stored.isPresent()) {
                finish.accept(stored.get());
            } else {
                freed |= slots.release(conversationId, r);
            }
        }
        return freed;
    }

    private static String op(String deviceId, String clientMsgId) {
        return deviceId + "|" + clientMsgId;
    }
}
