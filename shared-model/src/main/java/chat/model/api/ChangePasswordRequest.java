package chat.model.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * POST /v1/account/password (with the device's bearer token): the current password proves the person, the new one
 * replaces it. {@code revokeOtherDevices} also removes every other device of the account (default false).
 */
public record ChangePasswordRequest(String currentPassword, String newPassword, boolean revokeOtherDevices) {
    public ChangePasswordRequest {
        Passwords.presented(currentPassword, "currentPassword");
        Passwords.check(newPassword, "newPassword");
    }

    @JsonCreator
    static ChangePasswordRequest fromJson(@JsonProperty("currentPassword") Object currentPassword,
            @JsonProperty("newPassword") Object newPassword,
            @JsonProperty("revokeOtherDevices") Object revokeOtherDevices) {
        return new ChangePasswordRequest(StrictFields.string(currentPassword, "currentPassword"),
                StrictFields.string(newPassword, "newPassword"),
                StrictFields.bool(revokeOtherDevices, "revokeOtherDevices", false));
    }
}
