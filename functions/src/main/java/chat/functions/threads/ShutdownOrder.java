package chat.functions.threads;

import java.time.Duration;

/**
 * The order in which the functions stop, as {@code @Priority} of their {@code ShutdownEvent} observers (lower runs
 * first). All of it happens before Quarkus destroys the beans and closes the DynamoDB and SQS clients, so every step
 * still has its clients:
 * <ol>
 *   <li>{@link #STOP_CONSUMERS}: the queue consumers take no new batch and finish the one in hand (bounded);</li>
 *   <li>{@link #DRAIN}: after-call work already started finishes (receipts, presence pushes), then the fan-out
 *       publisher sends what it still buffers;</li>
 *   <li>{@link #STOP_POOLS}: the thread pools ({@link Pools}) take no more tasks and get a moment for the ones left;
 *       receive loops still parked in a long poll are interrupted.</li>
 * </ol>
 */
public final class ShutdownOrder {
    public static final int STOP_CONSUMERS = 100;
    public static final int DRAIN = 200;
    public static final int STOP_POOLS = 300;
    /** How long a consumer waits for the batches in hand: their broker calls time out well before. */
    public static final Duration CONSUMER_GRACE = Duration.ofSeconds(10);

    private ShutdownOrder() {
    }
}
