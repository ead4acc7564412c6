package chat.model.api;

import java.util.List;

/**
 * GET /v1/users?ids=…: the named users that exist, in the order asked, each once; ids that name nobody (or an account
 * being deleted) are absent. Only {@code userId}, {@code handle} and {@code displayName} are set: presence is read one
 * user at a time (GET /v1/users/{handle}).
 */
public record UserList(List<UserView> users) {
    /** The most ids one request may name (DynamoDB's BatchGetItem limit, so one round trip answers it). */
    public static final int MAX_IDS = 100;

    public UserList {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
