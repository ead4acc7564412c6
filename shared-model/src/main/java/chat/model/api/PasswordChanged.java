package chat.model.api;

import java.util.List;

/** The answer to a password change: the devices it removed (empty unless revokeOtherDevices was true). */
public record PasswordChanged(List<String> revokedDeviceIds) {
    public PasswordChanged {
        revokedDeviceIds = revokedDeviceIds == null ? List.of() : List.copyOf(revokedDeviceIds);
    }
}
