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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import chat.functions.presence.Contacts;
import chat.functions.presence.PresenceReader;
import chat.model.auth.DevicePrincipal;
import chat.model.frames.PresenceView;

/** The public HTTP API: accounts, devices, tokens, user lookup. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PublicResource {
    private final AccountService accounts;
    private final PresenceReader presence;
    private final Contacts contacts;
    private final Optional<String> webPushKey;
    private final BearerAuth bearer;

    public PublicResource(AccountService accounts, ChatConfig config, PresenceReader presence, Contacts contacts,
            BearerAuth bearer) {
        this.accounts = accounts;
        this.bearer = bearer;
        this.presence = presence;
        this.contacts = contacts;
        this.webPushKey = config.push().webpush().publicKey();
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

    /**
     * Looking a user up needs a device's token or credential, so handles cannot be enumerated anonymously. The handle
     * may be written as people type it, with a leading "@".
     */
    @GET
    @Path("/users/{handle}")
    public UserView user(@PathParam("handle") String handle, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        DevicePrincipal reader = bearer.authenticate(auth);
        UserView user = accounts.user(handle.startsWith("@") ? handle.substring(1) : handle);
        // Online status and last seen as this reader may see them (privacy applied on every read).
        Set<String> readerContacts = user.userId().equals(reader.userId()) ? Set.of() : contacts.of(reader.userId());
        PresenceView view = presence.read(reader.userId(), List.of(user.userId()), readerContacts).get(0);
        return new UserView(user.userId(), user.handle(), user.displayName(), view.online(), view.lastSeen());
    }

    /** The VAPID public key browsers subscribe with (applicationServerKey), base64url. */
    @GET
    @Path("/push/webpush-key")
    public Map<String, String> webPushKey() {
        return Map.of("publicKey", webPushKey.orElseThrow(
                () -> new ChatException(ErrorCode.UNAVAILABLE, "web push is not configured")));
    }
}
