package chat.broker;

import chat.model.CloseCodes;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The long-poll sessions this node holds, by their secret. A closed session stays until a poll has seen its close
 * (or it idles out), so the client learns the close code; the sweep ends sessions nobody polls any more.
 */
@ApplicationScoped
public class PollSessions {
    private static final Logger LOG = Logger.getLogger(PollSessions.class);
    private static final CloseReason NO_POLL = new CloseReason(CloseCodes.HEARTBEAT_TIMEOUT, "no poll");
    private final Map<String, PollSession> bySecret = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final DeviceLinks links;
    private final Duration idleTimeout;
    private final Clock clock;

    @Inject
    public PollSessions(DeviceLinks links, BrokerConfig config) {
        this(links, config.broker().poll().idleTimeout(), Clock.systemUTC());
    }

    PollSessions(DeviceLinks links, Duration idleTimeout, Clock clock) {
        this.links = links;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** A new session of this device, not yet registered (see {@link DeviceLinks#open}). */
    PollSession create(String userId, String deviceId) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        PollSession session = new PollSession(Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                "lp-" + UUID.randomUUID(), userId, deviceId, clock, this::closed);
        bySecret.put(session.secret(), session);
        return session;
    }

    /** The session with this secret, closed ones included until their close was answered. */
    Optional<PollSession> find(String secret) {
        return secret == null ? Optional.empty() : Optional.ofNullable(bySecret.get(secret));
    }

    /** Forgets a session at once (its registration failed: no poll will ever see it). */
    void forget(PollSession session) {
        bySecret.remove(session.secret(), session);
    }

    public int size() {
        return bySecret.size();
    }

    private void closed(PollSession session) {
        links.closed(session, session.userId(), session.deviceId()).subscribe().with(v -> { },
                e -> LOG.debugf("close of %s not reported: %s", session.id(), e.toString()));
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        for (PollSession s : bySecret.values()) {
            if (s.finished(idleTimeout)) {
                bySecret.remove(s.secret(), s);
            } else if (!s.isClosed() && s.idleFor(idleTimeout)) {
                s.close(NO_POLL).subscribe().with(v -> { }, e -> { });
            }
        }
    }
}
