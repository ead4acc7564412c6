package chat.model.api;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;

/** POST /v1/accounts. The password proves the account when a new device is added. */
public record RegisterAccountRequest(String handle, String displayName, String password) {
    public RegisterAccountRequest {
        Ids.requireMatch(Ids.HANDLE, handle, "handle");
        if (displayName == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: displayName");
        }
        if (displayName.isBlank() || displayName.length() > 64) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "displayName must be 1 to 64 characters");
        }
        Passwords.check(password);
    }
}
