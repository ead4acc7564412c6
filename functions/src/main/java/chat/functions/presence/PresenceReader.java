package chat.functions.presence;

import chat.functions.broker.BrokerLiveness;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.UsersTable;
import chat.functions.store.UsersTable.PresenceInfo;
import chat.model.frames.LastSeenPrivacy;
import chat.model.frames.PresenceView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads presence as a given reader may see it. Online = some device entry on a live broker; the owner's privacy
 * setting decides, on every read, whether the reader sees online status and last seen at all.
 */
@ApplicationScoped
public class PresenceReader {
    private final ConnectionsTable connections;
    private final UsersTable users;
    private final BrokerLiveness liveness;

    public PresenceReader(ConnectionsTable connections, UsersTable users, BrokerLiveness liveness) {
        this.connections = connections;
        this.users = users;
        this.liveness = liveness;
    }

    /** Views of {@code targets} for {@code readerId}, who shares a conversation with those in {@code contacts}. */
    public List<PresenceView> read(String readerId, List<String> targets, Set<String> contacts) {
        Map<String, List<Connection>> online = connections.ofUsers(targets);
        Map<String, PresenceInfo> infos = users.presenceInfo(targets);
        return targets.stream().map(t -> {
            PresenceInfo info = infos.get(t);
            if (info == null) {
                return new PresenceView(t, null, null);
            }
            return view(readerId, info, anyLive(online.getOrDefault(t, List.of())), contacts.contains(t));
        }).toList();
    }

    public boolean anyLive(Collection<Connection> devices) {
        return devices.stream().anyMatch(c -> liveness.isLive(c.nodeId()));
    }

    /** The privacy rule, applied on every read: hidden means both fields absent. */
    public static PresenceView view(String readerId, PresenceInfo info, boolean online, boolean contact) {
        if (!visible(readerId, info, contact)) {
            return new PresenceView(info.userId(), null, null);
        }
        if (online) {
            return new PresenceView(info.userId(), true, null);
        }
        return new PresenceView(info.userId(), false, info.lastSeen() > 0 ? info.lastSeen() : null);
    }

    public static boolean visible(String readerId, PresenceInfo info, boolean contact) {
        return readerId.equals(info.userId()) || info.privacy() == LastSeenPrivacy.EVERYONE
                || (info.privacy() == LastSeenPrivacy.CONTACTS && contact);
    }
}
