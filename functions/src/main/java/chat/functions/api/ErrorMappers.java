package chat.functions.api;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.RateLimitedException;
import chat.model.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import software.amazon.awssdk.core.exception.SdkException;

/** Every HTTP error is an {@link ApiError} with a stable code. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response chat(ChatException e) {
        return respond(e.code(), e.getMessage());
    }

    /** RATE_LIMITED carries retryAfterMs in the body and the same wait, in whole seconds, as Retry-After. */
    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e) {
        return Response.status(e.code().httpStatus()).type(MediaType.APPLICATION_JSON)
                .header("Retry-After", Long.toString((e.retryAfterMs() + 999) / 1000))
                .entity(ApiError.rateLimited(e.getMessage(), e.retryAfterMs())).build();
    }

    @ServerExceptionMapper
    public Response storage(SdkException e) {
        LOG.warnf("storage unavailable: %s", e.toString());
        return respond(ErrorCode.UNAVAILABLE, "storage unavailable; retry");
    }

    static Response respond(ErrorCode code, String message) {
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(code, message)).build();
    }
}
