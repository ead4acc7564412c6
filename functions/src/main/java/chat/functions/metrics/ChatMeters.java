package chat.functions.metrics;

import chat.model.frames.PushKind;
import chat.model.ErrorCode;
import chat.model.frames.ClientFrame;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The product's own meters in the functions (the framework adds HTTP and JVM ones). Tags take values from small fixed
 * sets only — frame types, error codes, push providers and results — never a user, device, conversation or
 * connection id, so a meter's series count stays bounded whatever the traffic.
 */
@ApplicationScoped
public class ChatMeters {
    /** Frame type tag of a frame that could not be read. */
    public static final String UNREADABLE = "unreadable";
    /** Outcome tag of a frame handled without an error. */
    public static final String OK = "ok";

    private static final Map<Class<?>, String> WIRE_TYPES = Arrays
            .stream(ClientFrame.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));
    private static final Duration[] LATENCY_SLOS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(1000)};

    private final MeterRegistry registry;
    private final Timer fanoutLag;
    private final DistributionSummary deliveriesPerCallback;

    public ChatMeters(MeterRegistry registry) {
        this.registry = registry;
        this.fanoutLag = Timer.builder("chat.fanout.lag")
                .description("From a message stored to its fan-out pushed to the brokers (groups and queued events)")
                .serviceLevelObjectives(LATENCY_SLOS).register(registry);
        this.deliveriesPerCallback = DistributionSummary.builder("chat.broker.callback.deliveries")
                .description("Deliveries (to one connection, or to one user's connections) in one callback to a broker")
                .baseUnit("deliveries").register(registry);
    }

    /** The wire name of a client frame's type ({@code send}, {@code ack}, …). */
    public static String wireType(ClientFrame frame) {
        return frame == null ? UNREADABLE : WIRE_TYPES.getOrDefault(frame.getClass(), UNREADABLE);
    }

    /** One frame from a device handled: {@code outcome} is {@link #OK} or the error code answered. */
    public void frameHandled(String type, String outcome, long nanos) {
        Timer.builder("chat.frames")
                .description("Frames from devices handled by the functions, by type and outcome")
                .tag("type", type).tag("outcome", outcome)
                .serviceLevelObjectives(LATENCY_SLOS)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    public static String outcome(ErrorCode code) {
        return code == null ? OK : code.name();
    }

    /** A message's fan-out reached the brokers, {@code storedAtMillis} being when the message was stored. */
    public void fannedOut(long storedAtMillis, long nowMillis) {
        fanoutLag.record(Duration.ofMillis(Math.max(0, nowMillis - storedAtMillis)));
    }

    /** A delivery callback to a broker ended: {@code outcome} is ok or the failure's kind (refused, gone, uncertain). */
    public void callback(String outcome, int deliveries, long nanos) {
        deliveriesPerCallback.record(deliveries);
        Timer.builder("chat.broker.callbacks")
                .description("Delivery callbacks to brokers, by outcome")
                .tag("outcome", outcome)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** One push notification attempt's result (the push package's {@code PushResult}). */
    public void pushed(PushKind provider, Enum<?> result) {
        Counter.builder("chat.push")
                .description("Push notifications to offline devices, by provider and result")
                .tag("provider", provider.wire())
                .tag("result", result.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
