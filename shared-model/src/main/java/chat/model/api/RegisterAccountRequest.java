package chat.model.api;

import chat.model.Ids;
import chat.model.Text;

/** POST /v1/accounts. The password proves the account when a new device is added. */
public record RegisterAccountRequest(String handle, String displayName, String password) {
    public RegisterAccountRequest {
        Ids.requireHandle(handle, "handle");
        Text.requireName(displayName, "displayName", 64);
        Passwords.check(password);
    }
}
