package chat.model.api;

import chat.model.ChatException;
import chat.model.ErrorCode;

/** POST /v1/tokens: exchange a device credential for a short-lived token. */
public record TokenRequest(String credential) {
    public TokenRequest {
        if (credential == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: credential");
        }
    }
}
