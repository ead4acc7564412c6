package chat.functions.api;

import chat.functions.ChatConfig;
import chat.functions.accounts.AccountService;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.api.AccountCreated;
import chat.model.api.AddDeviceRequest;
import chat.model.api.DeviceCreated;
import chat.model.api.RegisterAccountRequest;
import chat.model.api.TokenIssued;
import chat.model.api.TokenRequest;
import chat.model.api.UserView;
import chat.model.auth.DeviceTokens;
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
import java.time.Clock;

/** The public HTTP API: accounts, devices, tokens, user lookup. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PublicResource {
    private final AccountService accounts;
    private final DeviceTokens tokens;
    private final Clock clock;

    public PublicResource(AccountService accounts, ChatConfig config, Clock clock) {
        this.accounts = accounts;
        this.tokens = new DeviceTokens(config.auth().tokenSecret());
        this.clock = clock;
    }

    @POST
    @Path("/accounts")
    public Response register(String body) {
        AccountCreated created = accounts.register(JsonBodies.read(body, RegisterAccountRequest.class));
        return Response.status(201).entity(created).build();
    }

    @POST
    @Path("/devices")
    public Response addDevice(String body) {
        DeviceCreated created = accounts.addDevice(JsonBodies.read(body, AddDeviceRequest.class));
        return Response.status(201).entity(created).build();
    }

    @POST
    @Path("/tokens")
    public TokenIssued token(String body) {
        return accounts.issueToken(JsonBodies.read(body, TokenRequest.class).credential());
    }

    /** Looking a user up needs a device token, so handles cannot be enumerated anonymously. */
    @GET
    @Path("/users/{handle}")
    public UserView user(@PathParam("handle") String handle, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        if (auth == null || !auth.startsWith("Bearer ")) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "Authorization: Bearer <token> required");
        }
        tokens.verify(auth.substring("Bearer ".length()).trim(), clock.instant());
        return accounts.user(handle);
    }
}
