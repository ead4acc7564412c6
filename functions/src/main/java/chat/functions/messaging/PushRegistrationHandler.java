package chat.functions.messaging;

import chat.functions.store.PushTargetsTable;
import chat.functions.store.PushTargetsTable.Target;
import chat.model.frames.PushRegisteredFrame;
import chat.model.frames.RegisterPushFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Stores (or replaces) the calling device's push target. */
@ApplicationScoped
public class PushRegistrationHandler {
    private final PushTargetsTable targets;
    private final Clock clock;

    public PushRegistrationHandler(PushTargetsTable targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
    }

    public PushRegisteredFrame register(Caller caller, RegisterPushFrame f) {
        targets.put(new Target(caller.userId(), caller.deviceId(), f.kind(), f.endpoint(), f.p256dh(), f.auth(),
                f.token(), clock.millis()));
        return new PushRegisteredFrame(f.reqId(), f.kind());
    }
}
