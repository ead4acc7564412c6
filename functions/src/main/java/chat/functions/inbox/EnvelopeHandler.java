package chat.functions.inbox;

import chat.functions.inbox.InboxWriter.Written;
import chat.functions.routing.ConnectionRouter;
import chat.functions.routing.Push;
import chat.functions.store.DevicesTable;
import chat.functions.support.ParallelWrites;
import chat.model.ErrorCode;
import chat.model.frames.EnvelopeFrame;
import chat.model.frames.EnvelopeResult;
import chat.model.frames.EnvelopesSentFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.OutgoingEnvelope;
import chat.model.frames.SendEnvelopesFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code sendEnvelopes}: each envelope into its recipient device's inbox (recipients side by side, one recipient's
 * envelopes in frame order), then pushed to the recipients' connected devices before the sender is answered, with
 * one result per envelope. An envelope to a device that does not exist is refused on its own.
 *
 * <p>The push goes through {@link ConnectionRouter}, which looks up where each device is connected and calls its
 * broker's delivery callback, the same path as every other push. It is best effort: a device whose push failed (or
 * that is offline) reads the envelope with {@code inboxSync}, which the client sends after every {@code hello} and
 * whenever it sees a gap in the seqs.
 *
 * <p>Runs on the caller's thread, which blocks on DynamoDB and the broker calls (the frame endpoint is blocking).
 */
@ApplicationScoped
public class EnvelopeHandler {
    private static final Logger LOG = Logger.getLogger(EnvelopeHandler.class);
    private final InboxWriter writer;
    private final DevicesTable devices;
    private final ConnectionRouter router;
    private final ParallelWrites parallel;

    public EnvelopeHandler(InboxWriter writer, DevicesTable devices, ConnectionRouter router,
            ParallelWrites parallel) {
        this.writer = writer;
        this.devices = devices;
        this.router = router;
        this.parallel = parallel;
    }

    public EnvelopesSentFrame send(String userId, String deviceId, SendEnvelopesFrame frame) {
        Map<String, List<Integer>> byRecipient = new LinkedHashMap<>();
        List<OutgoingEnvelope> envelopes = frame.envelopes();
        for (int i = 0; i < envelopes.size(); i++) {
            byRecipient.computeIfAbsent(envelopes.get(i).recipient(), k -> new ArrayList<>()).add(i);
        }
        Written[] written = new Written[envelopes.size()];
        List<Runnable> tasks = new ArrayList<>();
        byRecipient.values().forEach(indexes -> tasks.add(() -> {
            List<OutgoingEnvelope> mine = indexes.stream().map(envelopes::get).toList();
            List<Written> results = store(userId, deviceId, mine);
            for (int j = 0; j < indexes.size(); j++) {
                written[indexes.get(j)] = results.get(j);
            }
        }));
        parallel.runAll(tasks);
        push(Arrays.asList(written), envelopes);
        return new EnvelopesSentFrame(frame.reqId(), Arrays.stream(written).map(Written::result).toList());
    }

    private List<Written> store(String userId, String deviceId, List<OutgoingEnvelope> mine) {
        OutgoingEnvelope first = mine.get(0);
        // Strongly consistent: a device removed a moment ago gets nothing new.
        if (!devices.exists(first.userId(), first.deviceId())) {
            return mine.stream().map(e -> new Written(EnvelopeResult.refused(e, ErrorCode.UNKNOWN_DEVICE,
                    "no such device"), null)).toList();
        }
        return writer.write(userId, deviceId, mine);
    }

    private void push(List<Written> written, List<OutgoingEnvelope> envelopes) {
        List<Push> pushes = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            Written w = written.get(i);
            if (w.toPush() != null) {
                OutgoingEnvelope e = envelopes.get(i);
                pushes.add(Push.toDevice(e.userId(), e.deviceId(),
                        FrameCodec.encode(new EnvelopeFrame(w.toPush().toWire()))));
            }
        }
        try {
            router.push(pushes);
        } catch (RuntimeException e) {
            LOG.debugf("live push of %d envelopes failed; the devices read them with inboxSync: %s", pushes.size(),
                    e.toString());
        }
    }
}
