package chat.client;

import chat.model.ErrorCode;
import chat.model.frames.ClientFrame;
import chat.model.frames.Envelope;
import chat.model.frames.EnvelopeFrame;
import chat.model.frames.EnvelopeResult;
import chat.model.frames.EnvelopesSentFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.InboxAckFrame;
import chat.model.frames.InboxAckedFrame;
import chat.model.frames.InboxPageFrame;
import chat.model.frames.InboxSyncFrame;
import chat.model.frames.OutgoingEnvelope;
import chat.model.frames.SendEnvelopesFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The device inboxes of the {@link FakeChatServer}: per device a seq counter and the envelopes not acked yet, pushed to
 * the addressed device's connection, with knobs to drop or repeat live pushes. Called under the server's lock.
 */
final class FakeInboxes {
    private final Map<String, TreeMap<Long, Envelope>> inboxes = new HashMap<>();
    private final Map<String, Long> heads = new HashMap<>();
    private final Map<String, Long> claims = new HashMap<>();
    /** Live envelope pushes matching this are never sent (the device gets them from inboxSync). */
    volatile Predicate<Envelope> dropLive = e -> false;
    /** While true, inboxAck frames are received and never answered or applied (an ack lost on the way). */
    volatile boolean loseAcks;
    /** Every live envelope push is sent this many times. */
    volatile int pushCopies = 1;

    boolean handles(ClientFrame frame) {
        return frame instanceof SendEnvelopesFrame || frame instanceof InboxSyncFrame
                || frame instanceof InboxAckFrame;
    }

    void handle(FakeWebSocketServer.Conn conn, FakeChatServer.Device from, ClientFrame frame,
            Function<String, FakeWebSocketServer.Conn> liveOf) {
        if (frame instanceof SendEnvelopesFrame f) {
            List<EnvelopeResult> results = new ArrayList<>();
            for (OutgoingEnvelope e : f.envelopes()) {
                String claim = e.recipient() + "|" + from.deviceId() + "|" + e.envelopeId();
                Long earlier = claims.get(claim);
                if (earlier != null) {
                    results.add(EnvelopeResult.stored(e, earlier, true));
                    continue;
                }
                long seq = heads.merge(e.deviceId(), 1L, Long::sum);
                claims.put(claim, seq);
                Envelope stored = new Envelope(seq, from.userId(), from.deviceId(), e.envelopeId(), e.suite(),
                        e.kind(), e.body(), System.currentTimeMillis());
                inbox(e.deviceId()).put(seq, stored);
                results.add(EnvelopeResult.stored(e, seq, false));
                FakeWebSocketServer.Conn target = liveOf.apply(e.deviceId());
                if (target != null && !dropLive.test(stored)) {
                    for (int i = 0; i < pushCopies; i++) {
                        target.sendText(FrameCodec.encode(new EnvelopeFrame(stored)));
                    }
                }
            }
            conn.sendText(FrameCodec.encode(new EnvelopesSentFrame(f.reqId(), results)));
        } else if (frame instanceof InboxSyncFrame f) {
            List<Envelope> after = new ArrayList<>(inbox(from.deviceId()).tailMap(f.afterSeq(), false).values());
            boolean more = after.size() > f.pageSize();
            conn.sendText(FrameCodec.encode(new InboxPageFrame(f.reqId(),
                    after.subList(0, Math.min(after.size(), f.pageSize())), more)));
        } else if (frame instanceof InboxAckFrame f) {
            if (loseAcks) {
                return;
            }
            if (f.upTo() > heads.getOrDefault(from.deviceId(), 0L)) {
                conn.sendText(FrameCodec.encode(ErrorFrame.of(f.reqId(), ErrorCode.ACK_BEYOND_HEAD, "beyond")));
                return;
            }
            inbox(from.deviceId()).headMap(f.upTo(), true).clear();
            conn.sendText(FrameCodec.encode(new InboxAckedFrame(f.reqId(), f.upTo())));
        }
    }

    /** The envelopes a device has not acked (under the server's lock). */
    List<Envelope> pending(String deviceId) {
        return List.copyOf(inbox(deviceId).values());
    }

    private TreeMap<Long, Envelope> inbox(String deviceId) {
        return inboxes.computeIfAbsent(deviceId, k -> new TreeMap<>());
    }
}
