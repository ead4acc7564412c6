package chat.e2ee.linking;

import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import chat.e2ee.wire.Suites;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The devices a user approved, as that user's devices sign it: the user, a version that only moves forward, the device
 * ids, and when it was issued. Clients encrypt only to devices in the newest list they verified.
 */
public record DeviceList(String userId, long version, Set<String> deviceIds, long issuedAtMillis) {
    public DeviceList {
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("a device list names its user");
        }
        if (version < 1) {
            throw new IllegalArgumentException("a device list's version starts at 1");
        }
        if (deviceIds == null || deviceIds.isEmpty() || deviceIds.stream().anyMatch(id -> id == null || id.isEmpty())) {
            throw new IllegalArgumentException("a device list names at least one device");
        }
        deviceIds = Set.copyOf(new TreeSet<>(deviceIds));
    }

    /** The list with {@code deviceId} added, one version later. */
    public DeviceList with(String deviceId, long issuedAtMillis) {
        Set<String> ids = new TreeSet<>(deviceIds);
        ids.add(deviceId);
        return new DeviceList(userId, version + 1, ids, issuedAtMillis);
    }

    /** The list without {@code deviceId}, one version later. */
    public DeviceList without(String deviceId, long issuedAtMillis) {
        Set<String> ids = new TreeSet<>(deviceIds);
        ids.remove(deviceId);
        return new DeviceList(userId, version + 1, ids, issuedAtMillis);
    }

    /** The signed bytes: protobuf with the suite first and the device ids in sorted order, so encoding is unique. */
    byte[] encode() {
        ProtoWriter out = new ProtoWriter()
                .bytes(1, Suites.SIGNAL_V3.getBytes(StandardCharsets.US_ASCII))
                .bytes(2, userId.getBytes(StandardCharsets.UTF_8))
                .uint64(3, version);
        new TreeSet<>(deviceIds).forEach(id -> out.bytes(4, id.getBytes(StandardCharsets.UTF_8)));
        return out.uint64(5, issuedAtMillis).toByteArray();
    }

    static DeviceList decode(byte[] bytes) {
        ProtoReader in = ProtoReader.parse(bytes);
        byte[] suite = in.bytes(1);
        Suites.requireKnown(suite == null ? null : new String(suite, StandardCharsets.US_ASCII));
        byte[] user = in.bytes(2);
        List<String> ids = new ArrayList<>();
        in.repeatedBytes(4).forEach(id -> ids.add(new String(id, StandardCharsets.UTF_8)));
        if (user == null || !in.has(3) || !in.has(5)) {
            throw new InvalidMessageException("incomplete device list");
        }
        try {
            return new DeviceList(new String(user, StandardCharsets.UTF_8), in.uint64(3, 0), new TreeSet<>(ids),
                    in.uint64(5, 0));
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("invalid device list: " + e.getMessage());
        }
    }
}
