package chat.functions.push;

import chat.model.frames.PushKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The configured sender of each push kind; a kind whose service is not configured is skipped (and logged once). */
@ApplicationScoped
public class PushSenders {
    private static final Logger LOG = Logger.getLogger(PushSenders.class);
    private final Map<PushKind, PushSender> byKind = new EnumMap<>(PushKind.class);

    public PushSenders(Instance<PushSender> senders) {
        for (PushSender s : senders) {
            if (s.configured()) {
                byKind.put(s.kind(), s);
            } else {
                LOG.infof("push service %s not configured: its targets are not notified", s.kind().wire());
            }
        }
    }

    public Optional<PushSender> of(PushKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
