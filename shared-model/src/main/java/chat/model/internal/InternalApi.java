package chat.model.internal;

import java.time.Duration;

/**
 * The private HTTP API between the broker and the functions. Every call carries {@link #KEY_HEADER} with the
 * inter-tier secret; calls without it are refused with 401.
 */
public final class InternalApi {
    /**
     * Longest the functions wait for SQS to accept a send's fan-out event: the bulk of a send's worst case, so a
     * broker's timeout on its calls to the functions must be longer.
     */
    public static final Duration SEND_QUEUE_WAIT = Duration.ofSeconds(10);
    public static final String KEY_HEADER = "X-Chat-Internal-Key";
    public static final String USER_HEADER = "X-Chat-User";
    public static final String DEVICE_HEADER = "X-Chat-Device";
    public static final String CONNECTION_HEADER = "X-Chat-Connection";

    /** Functions: authenticate a device credential. */
    public static final String AUTH_PATH = "/internal/v1/auth";
    /** Functions: a client frame to handle; answers the frames to send back to that client. */
    public static final String FRAMES_PATH = "/internal/v1/frames";
    /** Functions: a connection opened (POST) or closed (DELETE). */
    public static final String CONNECTIONS_PATH = "/internal/v1/connections";
    /** Functions: a broker instance's liveness heartbeat (POST). */
    public static final String BROKERS_PATH = "/internal/v1/brokers";
    /** Functions: AWS calls made so far by operation (for cost measurements). */
    public static final String STATS_PATH = "/internal/v1/stats";
    /**
     * Keys of the stats answer that are DynamoDB capacity units consumed (totals, and per table with ".&lt;table&gt;"
     * appended); every other key is a call count ("Service.Operation").
     */
    public static final String STATS_READ_UNITS = "DynamoDb.ReadUnits";
    public static final String STATS_WRITE_UNITS = "DynamoDb.WriteUnits";
    /** Key of the stats answer: PBKDF2 derivations (password checks and hashes) this instance has run. */
    public static final String STATS_PASSWORD_DERIVATIONS = "Accounts.PasswordDerivations";
    /** Broker: push frames to, or close, connections it holds. */
    public static final String DELIVERIES_PATH = "/internal/v1/deliveries";

    private InternalApi() {
    }
}
