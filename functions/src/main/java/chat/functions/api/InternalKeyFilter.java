package chat.functions.api;

import chat.functions.ChatConfig;
import chat.model.ErrorCode;
import chat.model.internal.InternalApi;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** The private API answers only callers that present the inter-tier key. */
public class InternalKeyFilter {
    private final byte[] key;

    public InternalKeyFilter(ChatConfig config) {
        this.key = config.internal().key().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/internal/")) {
            return null;
        }
        String presented = request.getHeaderString(InternalApi.KEY_HEADER);
        if (presented == null || !MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
            return ErrorMappers.respond(ErrorCode.UNAUTHENTICATED, "internal key required");
        }
        return null;
    }
}
