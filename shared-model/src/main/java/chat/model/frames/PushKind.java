package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Push services a device can register with. */
public enum PushKind {
    /** Web Push (RFC 8030) with an encrypted payload (RFC 8291) and VAPID (RFC 8292). */
    WEBPUSH,
    /** Firebase Cloud Messaging, HTTP v1 API. */
    FCM,
    /** Apple Push Notification service, HTTP/2 provider API with token (JWT) authentication. */
    APNS;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PushKind fromWire(String value) {
        for (PushKind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        return null;
    }

    /** From a client frame: an unknown name is refused with INVALID_FIELD. */
    @JsonCreator
    static PushKind parse(String value) {
        PushKind v = fromWire(value);
        if (v == null) {
            throw new chat.model.ChatException(chat.model.ErrorCode.INVALID_FIELD,
                    "unknown value: " + (value != null && value.length() > 20 ? value.substring(0, 20) : value));
        }
        return v;
    }
}
