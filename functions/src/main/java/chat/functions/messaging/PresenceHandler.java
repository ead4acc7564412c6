package chat.functions.messaging;

import chat.functions.presence.Contacts;
import chat.functions.presence.PresenceReader;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.PresenceSubsTable;
import chat.functions.store.PresenceSubsTable.Subscription;
import chat.functions.store.UsersTable;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.PresenceListFrame;
import chat.model.frames.PrivacyFrame;
import chat.model.frames.SetPrivacyFrame;
import chat.model.frames.SubscribePresenceFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Presence subscriptions (contacts only) and the caller's last-seen privacy setting. */
@ApplicationScoped
public class PresenceHandler {
    /** Subscriptions are removed when a push finds their connection gone; this only bounds what is missed. */
    private static final long SUBSCRIPTION_TTL_SECONDS = 86_400;
    private final Contacts contacts;
    private final PresenceReader reader;
    private final PresenceSubsTable subs;
    private final ConnectionsTable connections;
    private final UsersTable users;
    private final Clock clock;

    public PresenceHandler(Contacts contacts, PresenceReader reader, PresenceSubsTable subs,
            ConnectionsTable connections, UsersTable users, Clock clock) {
        this.contacts = contacts;
        this.reader = reader;
        this.subs = subs;
        this.connections = connections;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Answers the current state of every named user and pushes their changes to this connection from now on. The
     * caller may name themselves (a client may pass a group's whole member list): they get their own state, and no
     * subscription, since they cannot go offline while this connection is open.
     */
    public PresenceListFrame subscribe(Caller caller, SubscribePresenceFrame frame) {
        Set<String> mine = contacts.of(caller.userId());
        for (String id : frame.userIds()) {
            if (!mine.contains(id) && !id.equals(caller.userId())) {
                // The same answer as for a user that does not exist: strangers learn nothing.
                throw new ChatException(ErrorCode.USER_NOT_FOUND, "no such user: " + id);
            }
        }
        Connection here = connections.ofUsers(List.of(caller.userId())).getOrDefault(caller.userId(), List.of())
                .stream().filter(c -> c.connectionId().equals(caller.connectionId())).findFirst()
                .orElseThrow(() -> new ChatException(ErrorCode.UNAVAILABLE, "connection not registered yet; retry"));
        long ttl = clock.millis() / 1000 + SUBSCRIPTION_TTL_SECONDS;
        // Subscribe before reading, so a change between the two is pushed rather than lost.
        subs.subscribe(frame.userIds().stream().filter(id -> !id.equals(caller.userId()))
                .map(id -> new Subscription(id, caller.connectionId(),
                caller.userId(), here.nodeId(), here.callbackUrl())).toList(), ttl);
        return new PresenceListFrame(frame.reqId(), reader.read(caller.userId(), frame.userIds(), mine));
    }

    public PrivacyFrame setPrivacy(Caller caller, SetPrivacyFrame frame) {
        users.setPrivacy(caller.userId(), frame.lastSeen());
        return new PrivacyFrame(frame.reqId(), frame.lastSeen());
    }
}
