package chat.model.frames;

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
}
