package chat.broker;

import chat.model.ErrorCode;
import chat.model.api.ApiError;
import chat.model.frames.FrameCodec;
import chat.model.internal.Delivery;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.DeliveryResult;
import chat.model.internal.InternalApi;
import chat.model.internal.ReachedDevice;
import chat.model.internal.UserDelivery;
import chat.broker.HeldConnections.Held;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery callback the functions call: push frames to connections this node holds, or close them, and push
 * group frames to every connection it holds of the users named. Answers which connections it does not hold, so the
 * caller can forget them, and which devices got user-addressed frames (the others may need a push notification).
 */
@Path(InternalApi.DELIVERIES_PATH)
public class DeliveriesResource {
    private final HeldConnections connections;
    private final byte[] key;
    private final BrokerMeters meters;

    public DeliveriesResource(HeldConnections connections, BrokerConfig config, BrokerMeters meters) {
        this.connections = connections;
        this.meters = meters;
        this.key = config.internal().key().getBytes(StandardCharsets.UTF_8);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> deliver(@HeaderParam(InternalApi.KEY_HEADER) String presented, String body) {
        if (presented == null || !MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().item(Response.status(401)
                    .entity(ApiError.of(ErrorCode.UNAUTHENTICATED, "internal key required")).build());
        }
        // Read only once the caller is known; a batch this node cannot read is the caller's bug, named in the answer.
        DeliveryBatch batch;
        try {
            batch = FrameCodec.internalMapper().readValue(body == null ? "" : body, DeliveryBatch.class);
        } catch (JsonProcessingException e) {
            return unreadable(e.getOriginalMessage());
        }
        if (batch == null) {
            return unreadable("the body is not a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        List<Uni<Void>> writes = new ArrayList<>();
        int frames = 0;
        for (Delivery d : batch.deliveries()) {
            Optional<DeviceLink> c = connections.find(d.connectionId());
            if (c.isEmpty()) {
                unknown.add(d.connectionId());
                continue;
            }
            List<String> texts = batch.framesOf(d);
            frames += texts.size();
            writes.add(write(c.get(), texts, d));
        }
        List<ReachedDevice> reached = new ArrayList<>();
        for (Map.Entry<Held, List<String>> e : toUsers(batch).entrySet()) {
            frames += e.getValue().size();
            writes.add(write(e.getKey().connection(), e.getValue(), null));
            reached.add(new ReachedDevice(e.getKey().userId(), e.getKey().deviceId()));
        }
        meters.delivered(frames);
        Uni<Void> all = writes.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(writes).andCollectFailures().replaceWithVoid()
                        .onFailure().recoverWithNull();
        return all.map(v -> Response.ok(new DeliveryResult(unknown, reached)).build());
    }

    /**
     * The user-addressed frames per connection this node holds, in the batch's order. A user with no connection
     * here is simply not reached: another node may hold their devices.
     */
    private Map<Held, List<String>> toUsers(DeliveryBatch batch) {
        Map<Held, List<String>> out = new LinkedHashMap<>();
        for (UserDelivery d : batch.userDeliveries()) {
            for (Held held : connections.ofUser(d.userId())) {
                if (!held.deviceId().equals(d.exceptDeviceId())) {
                    out.computeIfAbsent(held, k -> new ArrayList<>()).addAll(batch.framesOf(d));
                }
            }
        }
        return out;
    }

    private static Uni<Response> unreadable(String why) {
        return Uni.createFrom().item(Response.status(400)
                .entity(ApiError.of(ErrorCode.INVALID_FIELD, "unreadable delivery batch: " + why)).build());
    }

    /** Frames in order, then the close if asked for. */
    private static Uni<Void> write(DeviceLink connection, List<String> texts, Delivery d) {
        // d is null for user-addressed frames: they never close.
        Uni<Void> frames = texts.isEmpty() ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(texts)
                        .onItem().transformToUniAndConcatenate(connection::sendText)
                        .collect().last().replaceWithVoid();
        if (d == null || d.closeCode() == null) {
            return frames;
        }
        return frames.flatMap(v -> connection.close(new CloseReason(d.closeCode(),
                d.closeReason() == null ? "" : d.closeReason())));
    }
}
