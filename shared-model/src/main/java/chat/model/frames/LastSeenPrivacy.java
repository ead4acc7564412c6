package chat.model.frames;

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
}
