package chat.functions.api;

import chat.functions.media.AttachmentService;
import chat.model.media.AttachmentDownload;
import chat.model.media.AttachmentSlot;
import chat.model.media.AttachmentSlotRequest;
import chat.model.media.UploadPlan;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Media (docs/protocol.md, Media): slots for encrypted attachments, their part upload URLs, completion and download
 * URLs. Every call is made by a live device with its bearer; the bytes never pass through here.
 */
@Path("/v1/attachments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AttachmentsResource {
    private final BearerAuth bearer;
    private final AttachmentService attachments;

    public AttachmentsResource(BearerAuth bearer, AttachmentService attachments) {
        this.bearer = bearer;
        this.attachments = attachments;
    }

    @POST
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = AttachmentSlot.class)))
    @Operation(summary = "ask for an upload slot")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public Response open(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = AttachmentSlotRequest.class))) String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return Response.status(201).entity(attachments.open(bearer.liveDevice(auth),
                JsonBodies.read(body, AttachmentSlotRequest.class))).build();
    }

    @GET
    @Path("/{attachmentId}/upload")
    @Operation(summary = "the upload plan (start and resume)")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public UploadPlan plan(@PathParam("attachmentId") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return attachments.plan(bearer.liveDevice(auth), id);
    }

    /** The body is ignored (the server lists the stored parts itself); {@code {}} is conventional. */
    @POST
    @Path("/{attachmentId}/complete")
    @Operation(summary = "join the parts")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public AttachmentDownload complete(@PathParam("attachmentId") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return attachments.complete(bearer.liveDevice(auth), id);
    }

    @GET
    @Path("/{attachmentId}")
    @Operation(summary = "download URL")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public AttachmentDownload download(@PathParam("attachmentId") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return attachments.download(bearer.liveDevice(auth), id);
    }
}
