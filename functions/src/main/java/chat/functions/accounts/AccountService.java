package chat.functions.accounts;

import chat.functions.ChatConfig;
import chat.functions.store.DevicesTable;
import chat.functions.store.HandlesTable;
import chat.functions.store.UsersTable;
import chat.functions.store.UsersTable.User;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.api.AccountCreated;
import chat.model.api.AddDeviceRequest;
import chat.model.api.DeviceCreated;
import chat.model.api.RegisterAccountRequest;
import chat.model.api.TokenIssued;
import chat.model.api.UserList;
import chat.model.api.UserView;
import chat.model.auth.DeviceCredential;
import chat.model.auth.DevicePrincipal;
import chat.model.auth.DeviceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Accounts, devices, credentials and tokens. */
@ApplicationScoped
public class AccountService {
    private static final String UNKNOWN_DEVICE_HASH = DeviceSecrets.hash("no device has this secret");
    private final UsersTable users;
    private final HandlesTable handles;
    private final DevicesTable devices;
    private final PasswordHasher passwords;
    private final PasswordCheck passwordCheck;
    private final DeviceTokens tokens;
    private final Duration tokenTtl;
    private final Clock clock;

    public AccountService(UsersTable users, HandlesTable handles, DevicesTable devices, PasswordHasher passwords,
            PasswordCheck passwordCheck, ChatConfig config, Clock clock) {
        this.users = users;
        this.handles = handles;
        this.devices = devices;
        this.passwords = passwords;
        this.passwordCheck = passwordCheck;
        this.tokens = new DeviceTokens(config.auth().tokenSecret());
        this.tokenTtl = config.auth().tokenTtl();
        this.clock = clock;
    }

    public AccountCreated register(RegisterAccountRequest request) {
        String userId = Ids.newUserId();
        // The user item goes first: if we die before the handle is bound, an unreachable user is left, never a
        // handle that points nowhere.
        users.create(new User(userId, request.handle(), request.displayName(), passwords.hash(request.password()), 0),
                clock.millis());
        if (!handles.claim(request.handle(), userId, clock.millis())) {
            throw new ChatException(ErrorCode.HANDLE_TAKEN, "handle is taken: " + request.handle());
        }
        return new AccountCreated(userId, request.handle(), request.displayName());
    }

    /** Logs a new device in; {@code address} is where the request came from (for the login throttle). */
    public DeviceCreated addDevice(AddDeviceRequest request, String address) {
        User user = passwordCheck.login(request.handle(), request.password(), address);
        if (!reserveDeviceSlot(user.userId())) {
            throw new ChatException(ErrorCode.DEVICE_LIMIT, "the account already has its maximum of devices");
        }
        String deviceId = Ids.newDeviceId();
        String secret = DeviceSecrets.newSecret();
        devices.create(user.userId(), deviceId, request.deviceName(), DeviceSecrets.hash(secret), clock.millis());
        // A deletion that began meanwhile may have listed the devices before this one existed: take it back.
        if (users.find(user.userId(), true).map(User::deleting).orElse(true)) {
            devices.delete(user.userId(), deviceId);
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "wrong handle or password");
        }
        return new DeviceCreated(user.userId(), deviceId, new DeviceCredential(user.userId(), deviceId, secret).encode());
    }

    /**
     * Takes a device slot. When all seem taken, the devices are counted: a removal that died between deleting its
     * device and giving the slot back leaked one, and the count is corrected before trying again.
     */
    private boolean reserveDeviceSlot(String userId) {
        if (users.reserveDeviceSlot(userId)) {
            return true;
        }
        long seen = users.find(userId, true).map(User::deviceCount).orElse(-1L);
        long actual = devices.list(userId).size();
        if (seen < 0 || actual >= seen) {
            return false;
        }
        users.correctDeviceCount(userId, seen, actual);
        return users.reserveDeviceSlot(userId);
    }

    public TokenIssued issueToken(String credential) {
        DevicePrincipal device = authenticate(credential);
        Instant now = clock.instant();
        String token = tokens.issue(device.userId(), device.deviceId(), now, tokenTtl);
        return new TokenIssued(token, now.plus(tokenTtl).toEpochMilli(), device.userId(), device.deviceId());
    }

    /**
     * Checks a device credential against the stored hash. An unknown user or device and a wrong secret get the same
     * answer, so a credential cannot be used to learn which users and devices exist.
     */
    public DevicePrincipal authenticate(String credential) {
        DeviceCredential c = DeviceCredential.parse(credential);
        String hash = devices.secretHash(c.userId(), c.deviceId()).orElse(null);
        // Compared even without a stored hash, so both refusals cost the same.
        boolean matches = DeviceSecrets.matches(c.secret(), hash == null ? UNKNOWN_DEVICE_HASH : hash);
        if (hash == null || !matches) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "wrong credential");
        }
        return new DevicePrincipal(c.userId(), c.deviceId(), 0);
    }

    public UserView user(String handle) {
        Ids.requireHandle(handle, "handle");
        return handles.userId(handle).flatMap(users::find)
                .map(u -> new UserView(u.userId(), u.handle(), u.displayName()))
                .orElseThrow(() -> new ChatException(ErrorCode.USER_NOT_FOUND, "no such user"));
    }

    /**
     * The users these ids name, in the order given and each once; ids of nobody or of an account being deleted are
     * left out. More than {@link UserList#MAX_IDS} ids, or one that is not a user id, is INVALID_FIELD.
     */
    public UserList users(List<String> userIds) {
        if (userIds.isEmpty()) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: ids");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : userIds) {
            distinct.add(Ids.requireMatch(Ids.USER_ID, id, "ids (not a user id: " + clip(id) + ")"));
        }
        if (distinct.size() > UserList.MAX_IDS) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "invalid ids: at most " + UserList.MAX_IDS
                    + " user ids per request, got " + distinct.size());
        }
        Map<String, UsersTable.Profile> found = users.profiles(distinct);
        List<UserView> out = new ArrayList<>();
        for (String id : distinct) {
            UsersTable.Profile p = found.get(id);
            if (p != null) {
                out.add(new UserView(p.userId(), p.handle(), p.displayName()));
            }
        }
        return new UserList(out);
    }

    private static String clip(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…";
    }

    /** Resolves a send's {@code peer} (user id or "@handle") to an existing user id. */
    public String resolvePeer(String peer) {
        if (peer.startsWith("@")) {
            return handles.userId(peer.substring(1))
                    .orElseThrow(() -> new ChatException(ErrorCode.USER_NOT_FOUND, "no such user"));
        }
        if (!users.exists(peer)) {
            throw new ChatException(ErrorCode.USER_NOT_FOUND, "no such user");
        }
        return peer;
    }
}
