package chat.functions.push;

import chat.functions.store.PushTargetsTable.Target;
import chat.model.frames.PushKind;
import java.util.concurrent.CompletableFuture;

/** One push service. Present in the application only when configured (see {@link PushSenders}). */
public interface PushSender {
    PushKind kind();

    /** Whether the configuration names everything this sender needs. */
    boolean configured();

    CompletableFuture<PushResult> send(Target target, PushNotification notification);
}
