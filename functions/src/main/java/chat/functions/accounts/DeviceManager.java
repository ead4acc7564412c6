package chat.functions.accounts;

import chat.functions.ChatConfig;
import chat.functions.broker.BrokerCallbacks;
import chat.functions.keys.KeyPublisher;
import chat.functions.inbox.InboxRemoval;
import chat.functions.presence.ConnectionRegistry;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.DevicesTable;
import chat.functions.store.PushTargetsTable;
import chat.functions.store.UsersTable;
import chat.model.ChatException;
import chat.model.CloseCodes;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.api.DeviceList;
import chat.model.api.DeviceView;
import chat.model.auth.DevicePrincipal;
import chat.model.internal.ConnectionClosed;
import chat.model.internal.ConnectionOpened;
import chat.model.internal.DeliveryBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * A user's devices: listing them, and removing one. Removal deletes the device first (its credential stops working
 * at once), then gives back its slot, forgets its push target and its published keys (a crash before that leaves keys
 * no fetch serves: only current devices get bundles), has its broker close its open connection with
 * {@link CloseCodes#DEVICE_REMOVED}, and deletes its envelope inbox, waiting for the broker before answering (nothing is left running after the
 * call, as on Lambda). A connection being opened at the same moment is caught by {@link #requireRegistrable}.
 */
@ApplicationScoped
public class DeviceManager {
    private static final Logger LOG = Logger.getLogger(DeviceManager.class);
    private final DevicesTable devices;
    private final UsersTable users;
    private final PushTargetsTable pushTargets;
    private final ConnectionsTable connections;
    private final ConnectionRegistry registry;
    private final BrokerCallbacks brokers;
    private final KeyPublisher keys;
    private final InboxRemoval inboxes;
    private final long callbackTimeoutMillis;

    public DeviceManager(DevicesTable devices, UsersTable users, PushTargetsTable pushTargets,
            ConnectionsTable connections, ConnectionRegistry registry, BrokerCallbacks brokers, KeyPublisher keys,
            InboxRemoval inboxes, ChatConfig config) {
        this.inboxes = inboxes;
        this.devices = devices;
        this.users = users;
        this.pushTargets = pushTargets;
        this.connections = connections;
        this.registry = registry;
        this.brokers = brokers;
        this.keys = keys;
        this.callbackTimeoutMillis = config.fanout().callbackTimeout().toMillis();
    }

    public DeviceList list(DevicePrincipal caller) {
        return new DeviceList(devices.list(caller.userId()).stream()
                .map(d -> new DeviceView(d.deviceId(), d.name(), d.createdAt(), d.deviceId().equals(caller.deviceId())))
                .toList());
    }

    /**
     * Removes one of the caller's devices (its own too: that is logging out). Another user's device is "not found",
     * exactly like one that does not exist.
     */
    public void remove(DevicePrincipal caller, String deviceId) {
        if (deviceId == null || !Ids.DEVICE_ID.matcher(deviceId).matches()
                || !remove(caller.userId(), deviceId, "device removed")) {
            throw new ChatException(ErrorCode.DEVICE_NOT_FOUND, "no such device");
        }
    }

    /** Removes the device; false when the user has no such device. */
    boolean remove(String userId, String deviceId, String reason) {
        if (!devices.delete(userId, deviceId)) {
            return false;
        }
        users.releaseDeviceSlot(userId);
        pushTargets.removeDevice(userId, deviceId);
        keys.forget(userId, deviceId);
        closeConnections(userId, deviceId::equals, reason);
        inboxes.removeDevice(userId, deviceId);
        return true;
    }

    /**
     * Has the brokers close the user's connections of the devices that {@code which} selects, and forgets them (the
     * broker reports the close too; whichever comes second changes nothing). An unreachable broker's connections are
     * forgotten all the same: its sockets die with it, and a token alone cannot register a connection again.
     */
    public void closeConnections(String userId, Predicate<String> which, String reason) {
        List<Connection> open = connections.ofUsers(List.of(userId)).getOrDefault(userId, List.of()).stream()
                .filter(c -> which.test(c.deviceId())).toList();
        CompletableFuture<?>[] closes = open.stream().map(c -> brokers.deliver(c.callbackUrl(),
                        DeliveryBatch.builder().close(c.connectionId(), CloseCodes.DEVICE_REMOVED, reason).build())
                .exceptionally(e -> {
                    LOG.infof("could not reach %s to close %s: %s", c.callbackUrl(), c.connectionId(), e.toString());
                    return null;
                })).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closes)
                    .get(callbackTimeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.infof("closing connections of %s: %s", userId, e.toString());
        }
        open.forEach(registry::forgotten);
    }

    /**
     * A connection may only be registered for a device that exists. Checked after the registration is written (and
     * undone when the device is gone): a removal deletes the device before it looks for connections, so either it
     * finds this one and closes it, or this check finds the device gone. Tokens are verified by brokers without a
     * round trip; this is what stops a removed device's still-valid token.
     */
    public void requireRegistrable(ConnectionOpened opened) {
        if (!devices.exists(opened.userId(), opened.deviceId())) {
            registry.closed(new ConnectionClosed(opened.userId(), opened.deviceId(), opened.connectionId(),
                    opened.nodeId()));
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "device removed");
        }
    }
}
