package chat.functions.accounts;

import chat.functions.accounts.LoginThrottle.Permit;
import chat.functions.store.HandlesTable;
import chat.functions.store.UsersTable;
import chat.functions.store.UsersTable.User;
import chat.model.ChatException;
import chat.model.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Every check of an account password, behind the {@link LoginThrottle}: the throttle answers first, so a refused
 * guess costs no PBKDF2 work. An unknown handle is hashed against a stand-in, so it takes as long as a wrong password
 * and gets the same answer.
 */
@ApplicationScoped
public class PasswordCheck {
    private final UsersTable users;
    private final HandlesTable handles;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final String standIn;

    public PasswordCheck(UsersTable users, HandlesTable handles, PasswordHasher hasher, LoginThrottle throttle) {
        this.users = users;
        this.handles = handles;
        this.hasher = hasher;
        this.throttle = throttle;
        this.standIn = hasher.hash("no account has this password");
    }

    /** The account a login names, if the password is its own; a deleted account cannot log in. */
    public User login(String handle, String password, String address) {
        Permit permit = throttle.acquire(handle, address);
        Optional<User> user = handles.userId(handle).flatMap(id -> users.find(id, true)).filter(u -> !u.deleting());
        boolean matches = hasher.matches(password, user.map(User::passwordHash).orElse(standIn));
        if (user.isEmpty() || !matches) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "wrong handle or password");
        }
        permit.passed();
        return user.get();
    }

    /**
     * The calling device's account, if {@code password} is its current password. {@code deleting}: whether an
     * account whose deletion has begun still counts (a repeat of the deletion finishes it).
     */
    public User account(String userId, String password, String address, boolean deleting) {
        User user = users.find(userId, true).filter(u -> deleting || !u.deleting())
                .orElseThrow(() -> new ChatException(ErrorCode.UNAUTHENTICATED, "the account no longer exists"));
        Permit permit = throttle.acquire(user.handle(), address);
        if (!hasher.matches(password, user.passwordHash())) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "wrong password");
        }
        permit.passed();
        return user;
    }
}
