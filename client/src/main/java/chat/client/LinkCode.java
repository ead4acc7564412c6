package chat.client;

import chat.e2ee.curve.PublicKey;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import java.util.Base64;
import java.util.Objects;

/**
 * What a new device of an account shows so that an existing device can approve it: its device id and its
 * provisioning public key, {@code <deviceId>-<base64url of the 33-byte key, unpadded>} (62 characters). It travels
 * from screen to screen, never through the server, so the server cannot swap the key: whoever approves seals the
 * account identity to exactly this key.
 */
public record LinkCode(String deviceId, PublicKey provisioningKey) {
    public LinkCode {
        Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId");
        Objects.requireNonNull(provisioningKey, "provisioningKey");
    }

    public static LinkCode parse(String code) {
        String s = code == null ? "" : code.strip();
        int dash = s.indexOf('-');
        if (dash < 0 || !Ids.DEVICE_ID.matcher(s.substring(0, dash)).matches()) {
            throw invalid();
        }
        try {
            return new LinkCode(s.substring(0, dash),
                    PublicKey.decode(Base64.getUrlDecoder().decode(s.substring(dash + 1))));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ChatException invalid() {
        return new ChatException(ErrorCode.INVALID_FIELD, "not a link code: expected <deviceId>-<key> as the new"
                + " device shows it (62 characters)");
    }

    @Override
    public String toString() {
        return deviceId + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(provisioningKey.serialize());
    }
}
