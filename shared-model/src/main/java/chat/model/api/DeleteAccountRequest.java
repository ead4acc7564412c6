package chat.model.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** DELETE /v1/account (with the device's bearer token): the current password confirms it. */
public record DeleteAccountRequest(String password) {
    public DeleteAccountRequest {
        Passwords.presented(password, "password");
    }

    @JsonCreator
    static DeleteAccountRequest fromJson(@JsonProperty("password") Object password) {
        return new DeleteAccountRequest(StrictFields.string(password, "password"));
    }
}
