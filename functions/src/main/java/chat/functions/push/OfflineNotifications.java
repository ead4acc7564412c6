package chat.functions.push;

import chat.functions.store.PushTargetsTable;
import chat.functions.store.PushTargetsTable.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * After a fan-out batch: finds the devices with a push target of the recipients who were not reached live on any
 * device, and puts them on the push queue in one message for the whole batch. Failure here never fails the fan-out (the messages are
 * delivered and stored; a missed notification is caught up by sync when the app opens).
 */
@ApplicationScoped
public class OfflineNotifications {
    private static final Logger LOG = Logger.getLogger(OfflineNotifications.class);
    private final PushTargetsTable targets;
    private final PushPublisher publisher;

    public OfflineNotifications(PushTargetsTable targets, PushPublisher publisher) {
        this.targets = targets;
        this.publisher = publisher;
    }

    /** {@code notify}: conversation -> (recipient user -> newest seq); {@code reached}: userId#deviceId online. */
    public void enqueue(Map<String, Map<String, Long>> notify, Set<String> reached) {
        if (notify.isEmpty()) {
            return;
        }
        try {
            // A user active on any device is not notified on the others: it would only be noise.
            Set<String> active = new HashSet<>();
            reached.forEach(r -> active.add(r.substring(0, r.indexOf('#'))));
            Set<String> users = new LinkedHashSet<>();
            notify.values().forEach(m -> m.keySet().stream().filter(u -> !active.contains(u)).forEach(users::add));
            if (users.isEmpty()) {
                return;
            }
            Map<String, List<Target>> byUser = targets.ofUsers(users);
            if (byUser.isEmpty()) {
                return;
            }
            List<PushItem> items = new ArrayList<>();
            notify.forEach((conversationId, seqs) -> seqs.forEach((userId, seq) -> {
                for (Target t : byUser.getOrDefault(userId, List.of())) {
                    items.add(new PushItem(userId, t.deviceId(), conversationId, seq));
                }
            }));
            if (!items.isEmpty()) {
                publisher.publish(items).join();
            }
        } catch (RuntimeException e) {
            LOG.warnf("offline notifications of a fan-out batch dropped: %s", e.toString());
        }
    }
}
