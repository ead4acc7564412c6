package chat.functions.accounts;

import chat.functions.store.DevicesTable;
import chat.functions.store.UsersTable;
import chat.functions.store.UsersTable.User;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.api.ChangePasswordRequest;
import chat.model.api.PasswordChanged;
import chat.model.auth.DevicePrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Changes an account's password, optionally removing every other device of the account. */
@ApplicationScoped
public class PasswordChange {
    private final PasswordCheck check;
    private final PasswordHasher hasher;
    private final UsersTable users;
    private final DevicesTable devices;
    private final DeviceManager deviceManager;

    public PasswordChange(PasswordCheck check, PasswordHasher hasher, UsersTable users, DevicesTable devices,
            DeviceManager deviceManager) {
        this.check = check;
        this.hasher = hasher;
        this.users = users;
        this.devices = devices;
        this.deviceManager = deviceManager;
    }

    public PasswordChanged change(DevicePrincipal caller, ChangePasswordRequest request, String address) {
        User user = check.account(caller.userId(), request.currentPassword(), address, false);
        // Conditional on the hash just checked: of two concurrent changes only one wins, the other is refused.
        if (!users.replacePasswordHash(user.userId(), user.passwordHash(), hasher.hash(request.newPassword()))) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "the password was changed meanwhile");
        }
        List<String> revoked = new ArrayList<>();
        if (request.revokeOtherDevices()) {
            devices.list(user.userId()).stream().filter(d -> !d.deviceId().equals(caller.deviceId()))
                    .filter(d -> deviceManager.remove(user.userId(), d.deviceId(), "password changed"))
                    .forEach(d -> revoked.add(d.deviceId()));
        }
        return new PasswordChanged(revoked);
    }
}
