package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who may see a user's last seen and online status. */
public enum LastSeenPrivacy {
    /** Anyone who can read the user's profile or subscribe to them. */
    EVERYONE,
    /** Only people who share a conversation with the user. */
    CONTACTS,
    /** Nobody. */
    NOBODY;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown name. */
    public static LastSeenPrivacy fromWire(String value) {
        for (LastSeenPrivacy p : values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        return null;
    }

    /** From a client frame: an unknown name is refused with INVALID_FIELD. */
    @JsonCreator
    static LastSeenPrivacy parse(String value) {
        LastSeenPrivacy v = fromWire(value);
        if (v == null) {
            throw new chat.model.ChatException(chat.model.ErrorCode.INVALID_FIELD,
                    "unknown value: " + (value != null && value.length() > 20 ? value.substring(0, 20) : value));
        }
        return v;
    }
}
