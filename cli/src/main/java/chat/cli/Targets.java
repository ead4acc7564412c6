package chat.cli;

import chat.client.ChatHttpApi;
import chat.model.Ids;
import chat.model.api.UserView;

/** Resolves a command-line recipient: "@handle" (looked up), a user id, or a conversation id. */
final class Targets {
    private Targets() {
    }

    record Resolved(String target, Profile profile) {
    }

    static Resolved resolve(String to, Profile profile, ChatHttpApi api, ProfileStore store) {
        if (to.startsWith("@")) {
            String token = api.token(profile.credential()).token();
            UserView user = api.user(to.substring(1), token);
            Profile updated = profile;
            if (!user.handle().equals(profile.contacts().get(user.userId()))) {
                updated = profile.withContact(user.userId(), user.handle());
                store.save(updated);
            }
            return new Resolved(user.userId(), updated);
        }
        if (Ids.USER_ID.matcher(to).matches() || Ids.CONVERSATION_ID.matcher(to).matches()) {
            return new Resolved(to, profile);
        }
        throw new CliException("INVALID_FIELD", "recipient must be @handle, a user id or a conversation id: " + to);
    }
}
