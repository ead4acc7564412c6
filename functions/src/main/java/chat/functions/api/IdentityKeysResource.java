package chat.functions.api;

import chat.functions.keys.PublishedDevices;
import chat.model.keys.IdentityKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * A user's devices and their identity keys (docs/protocol.md, Key directory), without prekeys: what a client reads
 * to list whom to encrypt for and to show safety numbers, so that only starting a session claims a one-time prekey.
 */
@Path("/v1/identity-keys")
@Produces(MediaType.APPLICATION_JSON)
public class IdentityKeysResource {
    private final BearerAuth bearer;
    private final PublishedDevices published;

    public IdentityKeysResource(BearerAuth bearer, PublishedDevices published) {
        this.bearer = bearer;
        this.published = published;
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "a user's devices and identity keys")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public IdentityKeys identities(@PathParam("userId") String userId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return published.identities(bearer.liveDevice(auth), userId);
    }
}
