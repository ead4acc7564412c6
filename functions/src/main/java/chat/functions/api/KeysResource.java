package chat.functions.api;

import chat.functions.keys.BundleFetcher;
import chat.functions.keys.KeyPublisher;
import chat.model.keys.KeyBundles;
import chat.model.keys.KeyCounts;
import chat.model.keys.KeyUpload;
import chat.model.keys.PreKeyBundle;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The key directory (docs/protocol.md, Key directory): every call is made by a live device with its bearer. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeysResource {
    private final BearerAuth bearer;
    private final KeyPublisher publisher;
    private final BundleFetcher fetcher;

    public KeysResource(BearerAuth bearer, KeyPublisher publisher, BundleFetcher fetcher) {
        this.bearer = bearer;
        this.publisher = publisher;
        this.fetcher = fetcher;
    }

    /** The calling device publishes its identity key, signed prekey and one-time prekeys. */
    @PUT
    @Operation(summary = "publish this device's keys")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public KeyCounts upload(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = KeyUpload.class))) String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return publisher.upload(bearer.liveDevice(auth), JsonBodies.read(body, KeyUpload.class));
    }

    /** How many one-time prekeys the calling device has left. */
    @GET
    @Operation(summary = "how many one-time prekeys are left")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public KeyCounts counts(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return publisher.counts(bearer.liveDevice(auth));
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "bundles of a user's devices")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public KeyBundles bundles(@PathParam("userId") String userId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return fetcher.ofUser(bearer.liveDevice(auth), userId);
    }

    @GET
    @Path("/{userId}/{deviceId}")
    @Operation(summary = "one device's bundle")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public PreKeyBundle bundle(@PathParam("userId") String userId, @PathParam("deviceId") String deviceId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return fetcher.ofDevice(bearer.liveDevice(auth), userId, deviceId);
    }
}
