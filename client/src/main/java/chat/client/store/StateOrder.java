package chat.client.store;

import chat.client.MessageState;
import java.util.List;

/**
 * The order a stored message's state moves in: SENT → DELIVERED → READ, never backwards (a late or repeated receipt
 * changes nothing). SENDING and FAILED belong to the outbox: a message leaves it when the server has stored it.
 */
final class StateOrder {
    private static final List<MessageState> STORED = List.of(MessageState.SENT, MessageState.DELIVERED,
            MessageState.READ);

    private StateOrder() {
    }

    /** The stored states a message may move from to reach {@code to}; empty for SENT (the first one). */
    static List<MessageState> before(MessageState to) {
        int i = STORED.indexOf(to);
        if (i < 0) {
            throw new IllegalArgumentException(to + " is not a state of a stored message");
        }
        return STORED.subList(0, i);
    }

    /** {@code ('SENT', 'DELIVERED')}: the states before {@code to}, as an SQL list of literals. */
    static String sqlListBefore(MessageState to) {
        StringBuilder sb = new StringBuilder("(");
        for (MessageState s : before(to)) {
            sb.append(sb.length() > 1 ? ", " : "").append('\'').append(s.name()).append('\'');
        }
        return sb.append(')').toString();
    }
}
