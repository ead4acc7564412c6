package chat.functions.queue;

import chat.functions.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How far behind this instance's fan-out consumer is: the age, when its latest batch was received, of the oldest
 * message in it (stored → received). When that passes {@code chat.fanout.shed-age}, new messages would only join a
 * queue that delivers late already, so the send path refuses them ({@link #retryAfterMillis()}) until the consumer
 * catches up: clients keep them in their outboxes and send them again, nothing is lost. An observation counts for
 * {@link #FRESH_FOR} only, so an idle queue (no batches, nothing behind) never sheds. Only an instance that
 * consumes the queue itself knows its age: on Lambda the API functions never shed (the queue's own
 * ApproximateAgeOfOldestMessage alarm is the signal there).
 */
@ApplicationScoped
public class FanoutBacklog {
    /** How long one batch's age stands for the queue's. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final Clock clock;
    private final long shedAgeMillis;
    private final long retryAfterMillis;
    private volatile long ageMillis;
    private volatile long observedAtMillis = Long.MIN_VALUE;

    @Inject
    public FanoutBacklog(ChatConfig config, Clock clock) {
        this(config.fanout().shedAge(), config.fanout().shedRetryAfter(), clock);
    }

    public FanoutBacklog(Duration shedAge, Duration retryAfter, Clock clock) {
        this.clock = clock;
        this.shedAgeMillis = shedAge.toMillis();
        this.retryAfterMillis = retryAfter.toMillis();
    }

    /** A batch was received, before it is handled. */
    public void received(List<FanoutEvent> batch) {
        long now = clock.millis();
        long oldest = batch.stream().mapToLong(FanoutEvent::serverTime).min().orElse(now);
        ageMillis = Math.max(0, now - oldest);
        observedAtMillis = now;
    }

    /** The latest observed age in milliseconds; 0 when the observation is stale or there was none. */
    public long ageMillis() {
        long observedAt = observedAtMillis;
        return observedAt != Long.MIN_VALUE && clock.millis() - observedAt <= FRESH_FOR.toMillis() ? ageMillis : 0;
    }

    /** Whether new messages are refused now. */
    public boolean shedding() {
        return shedAgeMillis > 0 && ageMillis() > shedAgeMillis;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    public long shedAgeMillis() {
        return shedAgeMillis;
    }
}
