package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Limits;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Base64;

/**
 * Registers (or replaces) this device's push target. {@code webpush} needs the subscription's {@code endpoint},
 * {@code p256dh} (the client's P-256 public key, 65 bytes uncompressed) and {@code auth} (16-byte secret), both
 * base64url as browsers give them; {@code fcm} and {@code apns} need the device {@code token}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegisterPushFrame(String reqId, PushKind kind, String endpoint, String p256dh, String auth,
        String token) implements ClientFrame {
    public RegisterPushFrame {
        Fields.reqId(reqId);
        Fields.required(kind, "kind (webpush, fcm or apns)");
        if (kind == PushKind.WEBPUSH) {
            Fields.required(endpoint, "endpoint");
            Fields.required(p256dh, "p256dh");
            Fields.required(auth, "auth");
            if (endpoint.length() > Limits.MAX_PUSH_TARGET_CHARS || !isHttpUrl(endpoint)) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "endpoint must be an http(s) URL");
            }
            requireBase64Url(p256dh, 65, "p256dh");
            requireBase64Url(auth, 16, "auth");
        } else {
            Fields.required(token, "token");
            if (token.isEmpty() || token.length() > Limits.MAX_PUSH_TARGET_CHARS
                    || !token.matches("[0-9A-Za-z_:.\\-]+")) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "token has an invalid format");
            }
        }
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void requireBase64Url(String value, int bytes, String field) {
        try {
            if (Base64.getUrlDecoder().decode(value.replace("=", "")).length == bytes) {
                return;
            }
        } catch (IllegalArgumentException ignored) {
            // Falls through to the refusal.
        }
        throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be " + bytes + " bytes in base64url");
    }
}
