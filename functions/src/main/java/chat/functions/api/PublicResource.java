package chat.functions.api;

import chat.functions.ChatConfig;
import chat.functions.accounts.AccountService;
import chat.functions.accounts.DeviceManager;
import chat.functions.accounts.PasswordChange;
import chat.functions.accounts.PasswordCheck;
import chat.functions.accounts.deletion.AccountDeletion;
import chat.functions.presence.Contacts;
import chat.functions.presence.PresenceReader;
import chat.functions.store.UsersTable.User;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.api.AccountCreated;
import chat.model.api.AddDeviceRequest;
import chat.model.api.ChangePasswordRequest;
import chat.model.api.DeleteAccountRequest;
import chat.model.api.DeviceCreated;
import chat.model.api.DeviceList;
import chat.model.api.PasswordChanged;
import chat.model.api.RegisterAccountRequest;
import chat.model.api.TokenIssued;
import chat.model.api.TokenRequest;
import chat.model.api.UserList;
import chat.model.api.UserView;
import chat.model.auth.DevicePrincipal;
import chat.model.frames.PresenceView;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The public HTTP API: accounts, devices, tokens, user lookup. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PublicResource {
    private final AccountService accounts;
    private final BearerAuth bearer;
    private final ClientAddress clientAddress;
    private final DeviceManager devices;
    private final PasswordCheck passwordCheck;
    private final PasswordChange passwordChange;
    private final AccountDeletion deletion;
    private final PresenceReader presence;
    private final Contacts contacts;
    private final Optional<String> webPushKey;

    public PublicResource(AccountService accounts, BearerAuth bearer, ClientAddress clientAddress,
            DeviceManager devices, PasswordCheck passwordCheck, PasswordChange passwordChange,
            AccountDeletion deletion, ChatConfig config, PresenceReader presence, Contacts contacts) {
        this.accounts = accounts;
        this.bearer = bearer;
        this.clientAddress = clientAddress;
        this.devices = devices;
        this.passwordCheck = passwordCheck;
        this.passwordChange = passwordChange;
        this.deletion = deletion;
        this.presence = presence;
        this.contacts = contacts;
        this.webPushKey = config.push().webpush().publicKey();
    }

    @POST
    @Path("/accounts")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = AccountCreated.class)))
    @Operation(summary = "register")
    public Response register(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = RegisterAccountRequest.class))) String body) {
        AccountCreated created = accounts.register(JsonBodies.read(body, RegisterAccountRequest.class));
        return Response.status(201).entity(created).build();
    }

    @POST
    @Path("/devices")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = DeviceCreated.class)))
    @Operation(summary = "log a device in")
    public Response addDevice(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = AddDeviceRequest.class))) String body,
            @Context HttpServerRequest request) {
        DeviceCreated created = accounts.addDevice(JsonBodies.read(body, AddDeviceRequest.class),
                clientAddress.of(request));
        return Response.status(201).entity(created).build();
    }

    /** The caller's devices. */
    @GET
    @Path("/devices")
    @Operation(summary = "list the account's devices")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public DeviceList devices(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return devices.list(bearer.liveDevice(auth));
    }

    /** Removes one of the caller's devices; the caller's own is logging out. */
    @DELETE
    @Path("/devices/{deviceId}")
    @APIResponse(responseCode = "204", description = "done")
    @Operation(summary = "remove a device, or log out")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public Response removeDevice(@PathParam("deviceId") String deviceId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        devices.remove(bearer.liveDevice(auth), deviceId);
        return Response.noContent().build();
    }

    @POST
    @Path("/account/password")
    @Operation(summary = "change the password")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public PasswordChanged changePassword(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = ChangePasswordRequest.class))) String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context HttpServerRequest request) {
        DevicePrincipal caller = bearer.liveDevice(auth);
        return passwordChange.change(caller, JsonBodies.read(body, ChangePasswordRequest.class),
                clientAddress.of(request));
    }

    /**
     * Deletes the caller's account. The device's token is enough even after its device is gone, as long as the
     * deletion has begun: a repeat after a crash must be able to finish it (the password is checked either way).
     */
    @DELETE
    @Path("/account")
    @APIResponse(responseCode = "204", description = "done")
    @Operation(summary = "delete the account")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public Response deleteAccount(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = DeleteAccountRequest.class))) String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context HttpServerRequest request) {
        DevicePrincipal caller = bearer.verify(auth);
        DeleteAccountRequest delete = JsonBodies.read(body, DeleteAccountRequest.class);
        User user = passwordCheck.account(caller.userId(), delete.password(), clientAddress.of(request), true);
        if (!user.deleting()) {
            bearer.liveDevice(auth);
        }
        deletion.delete(user, caller.deviceId());
        return Response.noContent().build();
    }

    @POST
    @Path("/tokens")
    @Operation(summary = "get a short-lived token")
    public TokenIssued token(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = TokenRequest.class))) String body) {
        return accounts.issueToken(JsonBodies.read(body, TokenRequest.class).credential());
    }

    /**
     * Looking a user up needs a device's token or credential, so handles cannot be enumerated anonymously. The handle
     * may be written as people type it, with a leading "@".
     */
    @GET
    @Path("/users/{handle}")
    @Operation(summary = "look a user up")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public UserView user(@PathParam("handle") String handle, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        DevicePrincipal reader = bearer.verify(auth);
        UserView user = accounts.user(handle.startsWith("@") ? handle.substring(1) : handle);
        // Online status and last seen as this reader may see them (privacy applied on every read).
        Set<String> readerContacts = user.userId().equals(reader.userId()) ? Set.of() : contacts.of(reader.userId());
        PresenceView view = presence.read(reader.userId(), List.of(user.userId()), readerContacts).get(0);
        return new UserView(user.userId(), user.handle(), user.displayName(), view.online(), view.lastSeen());
    }

    /**
     * Names for user ids (what a message or a member list carries): {@code ?ids=u1,u2,…}, at most 100. A device's
     * token or credential is needed, as for the lookup by handle. Answers only handle and display name: no presence.
     */
    @GET
    @Path("/users")
    @Operation(summary = "names for user ids")
    @SecurityRequirement(name = ApiDocumentFilter.BEARER)
    public UserList users(@QueryParam("ids") List<String> ids, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        bearer.verify(auth);
        List<String> split = new ArrayList<>();
        for (String param : ids == null ? List.<String>of() : ids) {
            for (String id : param.split(",", -1)) {
                split.add(id.strip());
            }
        }
        if (split.size() == 1 && split.get(0).isEmpty()) {
            split.clear(); // "?ids=": nothing named
        }
        return accounts.users(split);
    }

    /** The VAPID public key browsers subscribe with (applicationServerKey), base64url. */
    @GET
    @Path("/push/webpush-key")
    @Operation(summary = "the server's VAPID public key")
    public Map<String, String> webPushKey() {
        return Map.of("publicKey", webPushKey.orElseThrow(
                () -> new ChatException(ErrorCode.UNAVAILABLE, "web push is not configured")));
    }
}
