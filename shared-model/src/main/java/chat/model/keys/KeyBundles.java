package chat.model.keys;

import chat.model.Ids;
import java.util.List;

/** GET /v1/keys/{userId}: a bundle for each current device of the user that has published keys. */
public record KeyBundles(String userId, List<PreKeyBundle> devices) {
    public KeyBundles {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        devices = devices == null ? List.of() : List.copyOf(devices);
    }
}
