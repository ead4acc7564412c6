package chat.broker;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.api.ApiError;
import chat.model.auth.DevicePrincipal;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Long polling: the WebSocket's frames over plain HTTP, for networks that refuse the upgrade (docs/protocol.md,
 * "Long polling"). A session is a {@link DeviceLink} like a socket, so it is registered, displaced, delivered to and
 * drained the same way; only how frames travel differs.
 */
@Path("/v1/poll")
public class PollResource {
    static final String SESSION_HEADER = "X-Chat-Session";
    private static final Logger LOG = Logger.getLogger(PollResource.class);
    private static final String BEARER = "Bearer ";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final CloseReason BYE = CloseReason.NORMAL;
    private final PollSessions sessions;
    private final DeviceLinks links;
    private final DeviceAuthenticator authenticator;
    private final Drain drain;
    private final Liveness liveness;
    private final long maxWaitSeconds;
    private final long idleSeconds;

    public PollResource(PollSessions sessions, DeviceLinks links, DeviceAuthenticator authenticator, Drain drain,
            @org.eclipse.microprofile.health.Readiness Liveness liveness, BrokerConfig config) {
        this.sessions = sessions;
        this.links = links;
        this.authenticator = authenticator;
        this.drain = drain;
        this.liveness = liveness;
        this.maxWaitSeconds = config.broker().poll().maxWait().toSeconds();
        this.idleSeconds = config.broker().poll().idleTimeout().toSeconds();
    }

    /** What opening a session answers. */
    public record Opened(String sessionId, String connectionId, long maxWaitSeconds, long idleSeconds) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> open(@HeaderParam("Authorization") String authorization) {
        if (drain.draining()) {
            return error(503, ErrorCode.UNAVAILABLE, "broker shutting down; connect to another");
        }
        if (!liveness.routesSettled()) {
            return error(503, ErrorCode.UNAVAILABLE, "broker is starting; retry or connect to another");
        }
        if (authorization == null || !authorization.startsWith(BEARER)
                || authorization.substring(BEARER.length()).isBlank()) {
            return error(401, ErrorCode.UNAUTHENTICATED, "missing Authorization: Bearer <token or credential>");
        }
        Uni<DevicePrincipal> principal;
        try {
            principal = authenticator.principal(authorization.substring(BEARER.length()).trim());
        } catch (ChatException e) {
            return error(401, ErrorCode.UNAUTHENTICATED, e.getMessage());
        }
        return principal.flatMap(this::openFor).onFailure().recoverWithUni(e -> {
            if (e instanceof FunctionsClient.FunctionsException f && f.status() == 401) {
                return error(401, ErrorCode.UNAUTHENTICATED, "wrong credential, or the device was removed");
            }
            LOG.warnf("could not open a poll session: %s", e.toString());
            return error(503, ErrorCode.UNAVAILABLE, "could not register the session; retry");
        });
    }

    private Uni<Response> openFor(DevicePrincipal p) {
        PollSession session = sessions.create(p.userId(), p.deviceId());
        return links.open(session, p.userId(), p.deviceId())
                .map(v -> Response.status(201).entity(new Opened(session.secret(), session.id(), maxWaitSeconds,
                        idleSeconds)).build())
                .onFailure().call(e -> {
                    sessions.forget(session);
                    return links.closed(session, p.userId(), p.deviceId());
                });
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> poll(@HeaderParam(SESSION_HEADER) String secret, @QueryParam("after") String after,
            @QueryParam("wait") String wait) {
        if (secret == null) {
            return noSessionHeader();
        }
        PollSession session = sessions.find(secret).orElse(null);
        if (session == null) {
            return gone();
        }
        Long cursor = after == null ? Long.valueOf(0) : parse(after);
        if (cursor == null || cursor > session.head()) {
            return error(400, ErrorCode.INVALID_FIELD, "query parameter \"after\" must be an integer from 0 to "
                    + session.head() + " (the last position handed out)");
        }
        Long seconds = wait == null ? Long.valueOf(maxWaitSeconds) : parse(wait);
        if (seconds == null || seconds > maxWaitSeconds) {
            return error(400, ErrorCode.INVALID_FIELD, "query parameter \"wait\" must be an integer from 0 to "
                    + maxWaitSeconds + " (seconds)");
        }
        return session.poll(cursor, Duration.ofSeconds(seconds)).map(answer -> {
            if (session.closeAnswered()) {
                sessions.forget(session); // the client knows it ended: from now on the session is gone (410)
            }
            return Response.ok(answer.json(), MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    @POST
    @Path("frames")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> frame(@HeaderParam(SESSION_HEADER) String secret, String body) {
        if (secret == null) {
            return noSessionHeader();
        }
        PollSession session = sessions.find(secret).filter(s -> !s.isClosed()).orElse(null);
        if (session == null) {
            return gone();
        }
        String text = body == null ? "" : body;
        Uni<Void> handled = session.serially(() -> links.frame(session, session.userId(), session.deviceId(), text));
        if (handled == null) {
            return Uni.createFrom().item(Response.status(429).header("X-Chat-Error", ErrorCode.RATE_LIMITED.name())
                    .entity(ApiError.rateLimited("more than " + PollSession.MAX_QUEUED_SENDS
                            + " frames of this session wait to be handled; send the next after a 202", 100))
                    .build());
        }
        return handled.map(v -> Response.status(202).entity("{}").type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    @DELETE
    public Uni<Response> end(@HeaderParam(SESSION_HEADER) String secret) {
        if (secret == null) {
            return noSessionHeader();
        }
        PollSession session = sessions.find(secret).orElse(null);
        if (session == null) {
            return gone();
        }
        sessions.forget(session);
        return session.close(BYE).map(v -> Response.noContent().build());
    }

    private static Long parse(String digits) {
        return DIGITS.matcher(digits).matches() ? Long.valueOf(digits) : null;
    }

    private static Uni<Response> noSessionHeader() {
        return error(401, ErrorCode.UNAUTHENTICATED, "missing header " + SESSION_HEADER + ": <sessionId>");
    }

    private static Uni<Response> gone() {
        return error(410, ErrorCode.POLL_SESSION_GONE,
                "no such poll session (never opened, ended, or idle too long); open a new one and sync");
    }

    private static Uni<Response> error(int status, ErrorCode code, String message) {
        return Uni.createFrom().item(Response.status(status).header("X-Chat-Error", code.name())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(ApiError.of(code, message)).build());
    }
}
