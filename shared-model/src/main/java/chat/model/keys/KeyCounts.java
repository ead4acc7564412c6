package chat.model.keys;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * GET /v1/keys (and the answer to an upload): how many one-time prekeys the calling device has left, and the id of
 * its current signed prekey (absent before its first upload). A device tops up when fewer than
 * {@value KeyLimits#TOP_UP_BELOW} remain.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyCounts(KeySuite suite, int oneTimePreKeys, Integer signedPreKeyId) {
    public KeyCounts {
        if (oneTimePreKeys < 0) {
            throw new IllegalArgumentException("oneTimePreKeys < 0");
        }
    }
}
