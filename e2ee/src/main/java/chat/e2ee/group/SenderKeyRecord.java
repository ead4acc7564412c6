package chat.e2ee.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Sender Keys of one member device in one conversation, newest first. Old ones are kept so messages sent just
 * before a rotation still decrypt (Signal keeps five), and, here, so that a newly approved device can be handed every
 * chain of the stored history: with a rotation at most every 1,000 messages ({@code SenderKeyRotation}), 100 keys
 * cover a sender device's last 100,000 messages in the conversation.
 */
public final class SenderKeyRecord {
    static final int MAX_STATES = 100;
    private final List<SenderKeyState> states;

    public SenderKeyRecord() {
        this(new ArrayList<>());
    }

    SenderKeyRecord(List<SenderKeyState> states) {
        this.states = states;
    }

    /** The record as bytes for the device's store; never sent anywhere (it may hold a private signing key). */
    public byte[] serialize() {
        return SenderKeyRecordCodec.encode(this);
    }

    /** @throws chat.e2ee.wire.InvalidMessageException when the bytes are not a stored record of a known suite */
    public static SenderKeyRecord deserialize(byte[] bytes) {
        return SenderKeyRecordCodec.decode(bytes);
    }

    public boolean isEmpty() {
        return states.isEmpty();
    }

    Optional<SenderKeyState> newest() {
        return states.stream().findFirst();
    }

    Optional<SenderKeyState> state(int keyId) {
        return states.stream().filter(state -> state.keyId() == keyId).findFirst();
    }

    List<SenderKeyState> states() {
        return states;
    }

    void addNewest(SenderKeyState state) {
        states.add(0, state);
        while (states.size() > MAX_STATES) {
            states.remove(states.size() - 1);
        }
    }

    void replace(SenderKeyState state) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).keyId() == state.keyId()) {
                states.set(i, state);
                return;
            }
        }
        throw new IllegalStateException("no sender key " + state.keyId());
    }
}
