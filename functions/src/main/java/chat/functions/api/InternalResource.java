package chat.functions.api;

import chat.functions.accounts.AccountService;
import chat.functions.accounts.DeviceManager;
import chat.functions.accounts.PasswordHasher;
import chat.functions.broker.BrokerLiveness;
import chat.functions.messaging.Caller;
import chat.functions.messaging.FrameDispatcher;
import chat.functions.presence.ConnectionRegistry;
import chat.functions.support.AwsCallCounter;
import chat.functions.support.ConsumedCapacityCounter;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.auth.DevicePrincipal;
import chat.model.internal.BrokerHeartbeat;
import chat.model.internal.ConnectionClosed;
import chat.model.internal.ConnectionOpened;
import chat.model.internal.CredentialCheck;
import chat.model.internal.FrameReplies;
import chat.model.internal.InternalApi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.TreeMap;

/** The private API the brokers call (guarded by {@link InternalKeyFilter}). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class InternalResource {
    private final AccountService accounts;
    private final FrameDispatcher dispatcher;
    private final ConnectionRegistry registry;
    private final BrokerLiveness liveness;
    private final DeviceManager devices;

    public InternalResource(AccountService accounts, FrameDispatcher dispatcher, ConnectionRegistry registry,
            BrokerLiveness liveness, DeviceManager devices) {
        this.accounts = accounts;
        this.devices = devices;
        this.liveness = liveness;
        this.dispatcher = dispatcher;
        this.registry = registry;
    }

    @POST
    @Path(InternalApi.AUTH_PATH)
    @Consumes(MediaType.APPLICATION_JSON)
    public DevicePrincipal authenticate(CredentialCheck check) {
        return accounts.authenticate(check.credential());
    }

    /** A client's text frame, verbatim; the broker already authenticated the connection. */
    @POST
    @Path(InternalApi.FRAMES_PATH)
    @Consumes(MediaType.TEXT_PLAIN)
    public FrameReplies frame(@HeaderParam(InternalApi.USER_HEADER) String userId,
            @HeaderParam(InternalApi.DEVICE_HEADER) String deviceId,
            @HeaderParam(InternalApi.CONNECTION_HEADER) String connectionId, String text) {
        Caller caller = new Caller(Ids.requireMatch(Ids.USER_ID, userId, "userId"),
                Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId"),
                Ids.requireMatch(Ids.CONNECTION_ID, connectionId, "connectionId"));
        return new FrameReplies(dispatcher.handle(caller, text));
    }

    /**
     * AWS calls this process has made, by operation ("DynamoDb.PutItem": count), and the DynamoDB capacity units it
     * consumed ("DynamoDb.WriteUnits", "DynamoDb.ReadUnits", and per table with ".&lt;table&gt;" appended): how the
     * benchmark measures what a message costs.
     */
    @GET
    @Path(InternalApi.STATS_PATH)
    public Map<String, Number> stats() {
        Map<String, Number> out = new TreeMap<>(AwsCallCounter.snapshot());
        out.putAll(ConsumedCapacityCounter.snapshot());
        out.put(InternalApi.STATS_PASSWORD_DERIVATIONS, PasswordHasher.derivations());
        return out;
    }

    @POST
    @Path(InternalApi.CONNECTIONS_PATH)
    @Consumes(MediaType.APPLICATION_JSON)
    public void opened(ConnectionOpened opened) {
        registry.opened(opened);
        // 401 when the device was removed: the broker closes the connection with 4003 before its hello.
        devices.requireRegistrable(opened);
    }

    /** A broker instance's heartbeat: its connections count as online while it keeps beating. */
    @POST
    @Path(InternalApi.BROKERS_PATH)
    @Consumes(MediaType.APPLICATION_JSON)
    public void heartbeat(BrokerHeartbeat beat) {
        if (beat == null || beat.nodeId() == null || beat.callbackUrl() == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "nodeId and callbackUrl required");
        }
        liveness.heartbeat(beat.nodeId(), beat.callbackUrl());
    }

    @DELETE
    @Path(InternalApi.CONNECTIONS_PATH)
    @Consumes(MediaType.APPLICATION_JSON)
    public void closed(ConnectionClosed closed) {
        registry.closed(closed);
    }
}
