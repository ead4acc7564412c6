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

    SessionRecord(SessionState current, List<SessionState> previous) {
        this.current = current;
        this.previous = previous;
    }

    /** The record as bytes for the device's store; never sent anywhere (it holds private keys). */
    public byte[] serialize() {
        return SessionRecordCodec.encode(this);
    }

    /** @throws chat.e2ee.wire.InvalidMessageException when the bytes are not a stored record of a known suite */
    public static SessionRecord deserialize(byte[] bytes) {
        return SessionRecordCodec.decode(bytes);
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
}
