package chat.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * What the CLI keeps about the logged-in device: its credential (secret; the file is 0600), the account, the
 * per-conversation cursors that {@code watch} has shown, and handles it has resolved ({@code contacts}: user id to
 * handle) so output can name people.
 */
record Profile(String handle, String userId, String deviceId, String deviceName, String credential,
        Map<String, Long> cursors, Map<String, String> contacts) {
    Profile {
        cursors = cursors == null ? new HashMap<>() : new HashMap<>(cursors);
        contacts = contacts == null ? new HashMap<>() : new HashMap<>(contacts);
    }

    Profile withCursors(Map<String, Long> value) {
        return new Profile(handle, userId, deviceId, deviceName, credential, value, contacts);
    }

    Profile withContact(String contactUserId, String contactHandle) {
        Map<String, String> c = new HashMap<>(contacts);
        c.put(contactUserId, contactHandle);
        return new Profile(handle, userId, deviceId, deviceName, credential, cursors, c);
    }

    /** "@handle" for a known user id (this account included), else the id. */
    String nameOf(String someUserId) {
        if (someUserId == null) {
            return "?";
        }
        if (someUserId.equals(userId) && handle != null) {
            return "@" + handle;
        }
        String h = contacts.get(someUserId);
        return h != null ? "@" + h : someUserId;
    }
}
