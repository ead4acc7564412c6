package chat.functions.keys;

import chat.functions.store.LoginThrottleTable;
import chat.functions.store.LoginThrottleTable.Taken;
import chat.model.RateLimitedException;
import chat.model.auth.DevicePrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Bounds the bundle fetches of each requesting device, counted in DynamoDB (the login throttle's windowed counters,
 * under their own keys) so every functions instance and Lambda invocation shares the count.
 */
@ApplicationScoped
public class FetchThrottle {
    private final LoginThrottleTable counters;
    private final KeysConfig config;
    private final Clock clock;

    public FetchThrottle(LoginThrottleTable counters, KeysConfig config, Clock clock) {
        this.counters = counters;
        this.config = config;
        this.clock = clock;
    }

    /** Counts one fetch of the device, or refuses it with RATE_LIMITED and the wait until its window ends. */
    public void acquire(DevicePrincipal requester) {
        Taken taken = counters.take("kf#" + requester.userId() + "#" + requester.deviceId(),
                config.fetchesPerWindow(), config.fetchWindow().toMillis(), clock.millis());
        if (taken.refused()) {
            throw new RateLimitedException("too many key fetches: at most " + config.fetchesPerWindow() + " per "
                    + config.fetchWindow().toSeconds() + " s; retry in " + taken.retryAfterMillis() + " ms",
                    taken.retryAfterMillis());
        }
    }
}
