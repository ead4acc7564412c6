package chat.functions.accounts;

import chat.functions.store.LoginThrottleTable;
import chat.functions.store.LoginThrottleTable.Taken;
import chat.model.RateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Locale;

/**
 * Bounds password guessing per handle and per source address. Each password check takes one count of both windows
 * BEFORE the password is hashed, so a burst of parallel guesses cannot slip past a read-then-count; a correct
 * password gives its counts back, so only wrong passwords use the budget up.
 */
@ApplicationScoped
public class LoginThrottle {
    private final LoginThrottleTable table;
    private final AccountsConfig.LoginThrottle config;
    private final Clock clock;

    public LoginThrottle(LoginThrottleTable table, AccountsConfig config, Clock clock) {
        this.table = table;
        this.config = config.loginThrottle();
        this.clock = clock;
    }

    /** Counts a password check for the handle from the address, or refuses it with RATE_LIMITED. */
    public Permit acquire(String handle, String address) {
        long now = clock.millis();
        String addressKey = "a#" + address.toLowerCase(Locale.ROOT);
        String handleKey = "h#" + handle;
        Taken byAddress = table.take(addressKey, config.perAddress(), config.addressWindow().toMillis(), now);
        if (byAddress.refused()) {
            throw refused("too many wrong passwords from this address", byAddress);
        }
        Taken byHandle = table.take(handleKey, config.perHandle(), config.handleWindow().toMillis(), now);
        if (byHandle.refused()) {
            table.giveBack(addressKey, byAddress.windowStart().getAsLong());
            throw refused("too many wrong passwords for this handle", byHandle);
        }
        return () -> {
            table.giveBack(addressKey, byAddress.windowStart().getAsLong());
            table.giveBack(handleKey, byHandle.windowStart().getAsLong());
        };
    }

    private static RateLimitedException refused(String why, Taken taken) {
        return new RateLimitedException(why + "; retry in " + taken.retryAfterMillis() + " ms",
                taken.retryAfterMillis());
    }

    /** A counted check; {@link #passed()} gives the counts back when the password was right. */
    @FunctionalInterface
    public interface Permit {
        void passed();
    }
}
