package chat.e2ee.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sessions with one remote device: the current one and a few previous ones (when both sides started a session
 * at the same time, or one side reinstalled, messages may still arrive for an older session).
 */
public final class SessionRecord {
    static final int MAX_PREVIOUS_STATES = 40;

    private SessionState current;
    private final List<SessionState> previous;

    public SessionRecord() {
        this(null, new ArrayList<>());
    }

    private SessionRecord(SessionState current, List<SessionState> previous) {
        this.current = current;
        this.previous = previous;
    }

    public boolean hasCurrentSession() {
        return current != null;
    }

    Optional<SessionState> current() {
        return Optional.ofNullable(current);
    }

    List<SessionState> previous() {
        return previous;
    }

    /** Makes {@code state} current, keeping the old current one as the newest previous state. */
    void promote(SessionState state) {
        if (current != null) {
            previous.add(0, current);
            if (previous.size() > MAX_PREVIOUS_STATES) {
                previous.remove(previous.size() - 1);
            }
        }
        current = state;
    }

    /** Replaces the state at {@code index} (−1 = current; a previous one that decrypted becomes current again). */
    void replace(int index, SessionState state) {
        if (index < 0) {
            current = state;
        } else {
            previous.remove(index);
            promote(state);
        }
    }

    boolean hasState(chat.e2ee.curve.PublicKey baseKey) {
        if (current != null && baseKey.equals(current.baseKey())) {
            return true;
        }
        return previous.stream().anyMatch(state -> baseKey.equals(state.baseKey()));
    }

    SessionRecord copy() {
        List<SessionState> states = new ArrayList<>();
        previous.forEach(state -> states.add(state.copy()));
        return new SessionRecord(current == null ? null : current.copy(), states);
    }
}
