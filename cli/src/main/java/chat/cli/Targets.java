package chat.cli;

import chat.client.ChatHttpApi;
import chat.model.Ids;
import chat.model.api.UserView;

/** Resolves a command-line recipient: "@handle" (looked up), a user id, or a conversation id. */
final class Targets {
    private Targets() {
    }

    /** The user id or conversation id {@code to} names; a looked-up handle is remembered in {@code names}. */
    static String resolve(String to, Profile profile, ChatHttpApi api, Names names) {
        if (to.startsWith("@")) {
            UserView user = api.user(to.substring(1), profile.credential());
            names.learn(user);
            return user.userId();
        }
        if (Ids.USER_ID.matcher(to).matches() || Ids.CONVERSATION_ID.matcher(to).matches()) {
            return to;
        }
        throw new CliException("INVALID_FIELD", "recipient must be @handle, a user id or a conversation id: " + to);
    }
}
