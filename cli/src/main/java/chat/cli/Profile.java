package chat.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * What the CLI keeps about the logged-in device: its credential (secret; the file is 0600), the account, the
 * per-conversation cursors that {@code watch} has shown, and ({@code contacts}: user id to handle) the handles that
 * earlier versions resolved. Names now live in their own cache beside the profile ({@link Names}), which this file,
 * holding the credential, need not be rewritten for; {@code contacts} is still read to seed it.
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
}
