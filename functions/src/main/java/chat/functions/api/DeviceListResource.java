package chat.functions.api;

import chat.functions.keys.DeviceListPublisher;
import chat.model.keys.DeviceListUpload;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The signed device list (docs/protocol.md, Key directory): a device of the account publishes it; every client reads
 * it with {@code GET /v1/identity-keys/{userId}}.
 */
@Path("/v1/device-list")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceListResource {
    private final BearerAuth bearer;
    private final DeviceListPublisher publisher;

    public DeviceListResource(BearerAuth bearer, DeviceListPublisher publisher) {
        this.bearer = bearer;
        this.publisher = publisher;
    }

    @PUT
    @Operation(summary = "publish the account's signed device list")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public Map<String, Long> publish(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = DeviceListUpload.class))) String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return Map.of("version", publisher.publish(bearer.liveDevice(auth),
                JsonBodies.read(body, DeviceListUpload.class)));
    }
}
