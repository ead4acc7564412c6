package chat.functions.accounts.deletion;

import chat.functions.accounts.AccountsConfig;
import chat.functions.accounts.DeviceManager;
import chat.functions.keys.DeviceListPublisher;
import chat.functions.keys.KeyPublisher;
import chat.functions.inbox.InboxRemoval;
import chat.functions.messaging.Caller;
import chat.functions.messaging.GroupHandler;
import chat.functions.store.DevicesTable;
import chat.functions.store.DevicesTable.Device;
import chat.functions.store.HandlesTable;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.store.PresenceSubsTable;
import chat.functions.store.PushTargetsTable;
import chat.functions.store.UsersTable;
import chat.functions.store.UsersTable.User;
import chat.model.ChatException;
import chat.model.Ids;
import chat.model.frames.GroupChangeFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes an account, step by step without transactions. Every step is idempotent and they are ordered so that the
 * account is unusable from the first one on and a repeat of the call (same token, same password) finishes what a
 * crash left: mark the user deleting (no more logins or new devices), delete each device's published keys and then
 * the device (credentials stop), then the signed device list, close their connections and delete their envelope inboxes, quarantine the handle,
 * forget push targets and presence
 * subscribers, leave every group, and delete the user item last (it holds the password a repeat is checked against).
 */
@ApplicationScoped
public class AccountDeletion {
    /** The clientMsgId of the "left" event of each group: the same on a repeat, so it is stored once. */
    static final String LEAVE_MSG_ID = "account-deleted";
    private static final Logger LOG = Logger.getLogger(AccountDeletion.class);
    private final UsersTable users;
    private final DevicesTable devices;
    private final HandlesTable handles;
    private final PushTargetsTable pushTargets;
    private final PresenceSubsTable presenceSubs;
    private final MembersTable members;
    private final GroupHandler groups;
    private final DeviceManager deviceManager;
    private final KeyPublisher keys;
    private final DeviceListPublisher deviceLists;
    private final InboxRemoval inboxes;
    private final Duration quarantine;
    private final Clock clock;

    public AccountDeletion(UsersTable users, DevicesTable devices, HandlesTable handles, PushTargetsTable pushTargets,
            PresenceSubsTable presenceSubs, MembersTable members, GroupHandler groups, DeviceManager deviceManager,
            KeyPublisher keys, DeviceListPublisher deviceLists, InboxRemoval inboxes, AccountsConfig config, Clock clock) {
        this.inboxes = inboxes;
        this.users = users;
        this.devices = devices;
        this.handles = handles;
        this.pushTargets = pushTargets;
        this.presenceSubs = presenceSubs;
        this.members = members;
        this.groups = groups;
        this.deviceManager = deviceManager;
        this.keys = keys;
        this.deviceLists = deviceLists;
        this.quarantine = config.handleQuarantine();
        this.clock = clock;
    }

    /** Deletes the account; {@code deviceId} is the device that asked. */
    public void delete(User user, String deviceId) {
        String userId = user.userId();
        long now = clock.millis();
        users.markDeleting(userId, now);
        List<Device> removed = devices.list(userId);
        for (Device d : removed) {
            // Keys before the device: a repeat after a crash lists the device again and finishes both.
            keys.forget(userId, d.deviceId());
            devices.delete(userId, d.deviceId());
        }
        deviceLists.forget(userId);
        deviceManager.closeConnections(userId, any -> true, "account deleted");
        // After the devices are gone, so no new envelope is stored for them. A repeat after a crash here lists no
        // devices: what is left of their inboxes is never served (nobody can read it) and expires by TTL.
        for (Device d : removed) {
            inboxes.removeDevice(userId, d.deviceId());
        }
        handles.quarantine(user.handle(), userId, now + quarantine.toMillis());
        pushTargets.removeUser(userId);
        presenceSubs.subscribersOf(userId).forEach(presenceSubs::remove);
        leaveGroups(new Caller(userId, deviceId, "account-deletion"));
        users.delete(userId);
    }

    private void leaveGroups(Caller caller) {
        for (Member m : members.conversationsOf(caller.userId())) {
            // A member still marked "leaving" is left again: an earlier attempt may have died half-way.
            if (Ids.isDirect(m.conversationId()) || m.leftSeq() != null) {
                continue;
            }
            try {
                groups.change(caller, new GroupChangeFrame(null, LEAVE_MSG_ID, m.conversationId(), "leave", null,
                        null));
            } catch (ChatException e) {
                // Left already (e.g. by an earlier attempt whose event is stored): nothing more to do there.
                LOG.debugf("%s leaving %s: %s", caller.userId(), m.conversationId(), e.getMessage());
            }
        }
    }
}
