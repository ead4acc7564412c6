package chat.functions.api;

import chat.model.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document the build derives from the resources with what is said once for all of them: the
 * bearer security scheme their {@code @SecurityRequirement} names (the resources read the header themselves,
 * {@link BearerAuth}), and the {@code ApiError} every non-2xx answer carries ({@link ErrorMappers}), whose
 * {@code code} is one of {@link ErrorCode}.
 */
public class ApiDocumentFilter implements OASFilter {
    /** The security scheme of calls made with a device's token or credential. */
    public static final String BEARER = "bearer";
    static final String API_ERROR = "ApiError";

    @Override
    public Operation filterOperation(Operation operation) {
        operation.getResponses().addAPIResponse("default", OASFactory.createAPIResponse()
                .description("An error with a stable code (docs/protocol.md: HTTP API, Error codes)")
                .content(OASFactory.createContent().addMediaType(MediaType.APPLICATION_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema()
                                .ref("#/components/schemas/" + API_ERROR)))));
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents()
                : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A device token (POST /v1/tokens, 15 min) or the device's credential (dc1.…)"));
        components.addSchema(API_ERROR, apiError());
    }

    private static Schema apiError() {
        List<Object> codes = new ArrayList<>(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("Body of every non-2xx answer")
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(codes))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("For people; never parse it"))
                .addProperty("retryable", OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN)
                        .description("Whether the same request may succeed later"))
                .addProperty("retryAfterMs", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .format("int64").description("With RATE_LIMITED only: the shortest wait before a retry"))
                .addRequired("code").addRequired("message").addRequired("retryable");
    }
}
