package chat.client;

import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.frames.AckFrame;
import chat.model.frames.AckedFrame;
import chat.model.frames.ChatMessage;
import chat.model.frames.ClientFrame;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.ConversationSummary;
import chat.model.frames.ErrorFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.HelloFrame;
import chat.model.frames.HistoryFrame;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.ListConversationsFrame;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MemberView;
import chat.model.frames.MembersFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.SyncEndFrame;
import chat.model.frames.SyncFrame;
import chat.model.frames.SyncPageFrame;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory stand-in for broker + functions, implementing the frame protocol's semantics (seq assignment,
 * idempotent send, fan-out to the other devices, cumulative acks and receipts, delta sync with join seqs) with knobs
 * to misbehave: drop, hold, shuffle and duplicate live pushes, fail or ignore sends, truncate syncs.
 */
public final class FakeChatServer implements FakeWebSocketServer.Handler, AutoCloseable {
    record Device(String userId, String deviceId) {
    }

    private final FakeWebSocketServer ws;
    private final Map<String, Device> bearers = new ConcurrentHashMap<>();
    private final Map<String, List<ChatMessage>> messages = new HashMap<>();
    private final Map<String, Map<String, Long>> joinSeqs = new LinkedHashMap<>();
    private final Map<String, Map<String, long[]>> cursors = new HashMap<>();
    private final Map<String, SentFrame> claims = new HashMap<>();
    private final Map<String, FakeWebSocketServer.Conn> live = new HashMap<>();
    private final List<Held> held = new ArrayList<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    final List<ClientFrame> received = new CopyOnWriteArrayList<>();
    final FakeInboxes inboxes = new FakeInboxes();

    /** Live pushes matching this are never sent. */
    volatile Predicate<ChatMessage> dropLive = m -> false;
    /** While true, live message pushes are held back until {@link #releaseHeld}. */
    volatile boolean holdLive;
    /** The next N sends are refused with a retryable UNAVAILABLE. */
    final AtomicInteger failSends = new AtomicInteger();
    /** The next N sends are stored but not answered. */
    final AtomicInteger ignoreSends = new AtomicInteger();
    /** The next N upgrades are refused with 503. */
    final AtomicInteger refuseUpgrades = new AtomicInteger();
    volatile int maxSyncMessages = 2000;
    volatile int helloFragments = 3;

    public FakeChatServer() throws IOException {
        this.ws = new FakeWebSocketServer(this);
    }

    public URI uri() {
        return ws.uri();
    }

    /** A device that authenticates with {@code bearer}. */
    void device(String bearer, String userId, String deviceId) {
        bearers.put(bearer, new Device(userId, deviceId));
    }

    /** A group whose members joined at the given seqs. */
    public synchronized void group(String conversationId, Map<String, Long> members) {
        joinSeqs.put(conversationId, new LinkedHashMap<>(members));
        messages.computeIfAbsent(conversationId, k -> new ArrayList<>());
    }

    synchronized List<ChatMessage> stored(String conversationId) {
        return List.copyOf(messages.getOrDefault(conversationId, List.of()));
    }

    /** The envelopes in a device's inbox that it has not acked. */
    synchronized List<chat.model.frames.Envelope> pendingEnvelopes(String deviceId) {
        return inboxes.pending(deviceId);
    }

    synchronized FakeWebSocketServer.Conn liveConnection(String deviceId) {
        return live.get(deviceId);
    }

    /** Pushes held live frames, shuffled and each possibly twice. */
    synchronized void releaseHeld(long seed) {
        List<Held> out = new ArrayList<>(held);
        held.clear();
        Random random = new Random(seed);
        List<Held> again = new ArrayList<>();
        for (Held h : out) {
            if (random.nextBoolean()) {
                again.add(h);
            }
        }
        out.addAll(again);
        Collections.shuffle(out, random);
        for (Held h : out) {
            FakeWebSocketServer.Conn c = live.get(h.deviceId());
            if (c != null) {
                c.sendText(FrameCodec.encode(h.frame()));
            }
        }
    }

    private record Held(String deviceId, MessageFrame frame) {
    }

    @Override
    public FakeWebSocketServer.Refusal upgrade(String path, Map<String, String> headers) {
        if (refuseUpgrades.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new FakeWebSocketServer.Refusal(503,
                    "{\"code\":\"UNAVAILABLE\",\"message\":\"busy\",\"retryable\":true}", Map.of());
        }
        String auth = headers.get("authorization");
        String bearer = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        if (bearer == null || !bearers.containsKey(bearer)) {
            // as the broker does: the reason in headers, no body
            return new FakeWebSocketServer.Refusal(401, "",
                    Map.of("X-Chat-Error", "UNAUTHENTICATED", "X-Chat-Error-Message", "unknown device"));
        }
        return null;
    }

    @Override
    public synchronized void onOpen(FakeWebSocketServer.Conn conn) {
        Device d = bearers.get(conn.bearer());
        conn.attributes.put("device", d);
        FakeWebSocketServer.Conn old = live.put(d.deviceId(), conn);
        if (old != null) {
            old.close(4001, "displaced");
        }
        conn.sendText(FrameCodec.encode(new HelloFrame(d.userId(), d.deviceId(), "c" + connectionIds.incrementAndGet(),
                System.currentTimeMillis(), 30)), helloFragments);
    }

    @Override
    public synchronized void onClose(FakeWebSocketServer.Conn conn, int code) {
        Device d = (Device) conn.attributes.get("device");
        if (d != null) {
            live.remove(d.deviceId(), conn);
        }
    }

    @Override
    public void onText(FakeWebSocketServer.Conn conn, String text) {
        ClientFrame frame;
        try {
            frame = FrameCodec.decodeClient(text);
        } catch (FrameCodec.FrameException e) {
            conn.sendText(FrameCodec.encode(e.toErrorFrame()));
            return;
        }
        received.add(frame);
        Device d = (Device) conn.attributes.get("device");
        synchronized (this) {
            if (inboxes.handles(frame)) {
                inboxes.handle(conn, d, frame, live::get);
            } else if (frame instanceof SendFrame f) {
                onSend(conn, d, f);
            } else if (frame instanceof AckFrame f) {
                onAck(conn, d, f);
            } else if (frame instanceof SyncFrame f) {
                onSync(conn, d, f);
            } else if (frame instanceof HistoryFrame f) {
                List<ChatMessage> all = messages.getOrDefault(f.conversationId(), List.of());
                long before = f.beforeSeq() == null ? Long.MAX_VALUE : f.beforeSeq();
                List<ChatMessage> older = all.stream().filter(m -> m.seq() < before).toList();
                int from = Math.max(0, older.size() - f.pageSize());
                conn.sendText(FrameCodec.encode(new HistoryPageFrame(f.reqId(), f.conversationId(),
                        older.subList(from, older.size()), from > 0)));
            } else if (frame instanceof MembersFrame f) {
                Map<String, Long> members = joinSeqs.get(f.conversationId());
                List<MemberView> rows = new ArrayList<>();
                members.forEach((user, join) -> {
                    long[] c = cursor(f.conversationId(), user);
                    rows.add(new MemberView(user, "member", join, c[0], c[1]));
                });
                conn.sendText(FrameCodec.encode(new MemberListFrame(f.reqId(), f.conversationId(), rows)));
            } else if (frame instanceof ListConversationsFrame f) {
                List<ConversationSummary> rows = new ArrayList<>();
                for (String c : joinSeqs.keySet()) {
                    if (!joinSeqs.get(c).containsKey(d.userId())) {
                        continue;
                    }
                    List<ChatMessage> all = messages.getOrDefault(c, List.of());
                    long[] mine = cursor(c, d.userId());
                    String peer = Ids.isDirect(c) ? other(c, d.userId()) : null;
                    long[] theirs = peer == null ? null : cursor(c, peer);
                    long[] all2 = peer == null ? aggregate(c) : null;
                    rows.add(new ConversationSummary(c, peer == null ? "group" : "direct", peer, all.size(),
                            all.isEmpty() ? 0 : all.get(all.size() - 1).serverTime(),
                            all.size() - mine[1], mine[0], mine[1], theirs == null ? null : theirs[0],
                            theirs == null ? null : theirs[1], peer == null ? "group " + c : null,
                            peer == null ? joinSeqs.get(c).size() : null, all2 == null ? null : all2[0],
                            all2 == null ? null : all2[1], peer == null ? false : null));
                }
                conn.sendText(FrameCodec.encode(new ConversationListFrame(f.reqId(), rows)));
            }
        }
    }

    private void onSend(FakeWebSocketServer.Conn conn, Device d, SendFrame f) {
        if (failSends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            conn.sendText(FrameCodec.encode(ErrorFrame.of(f.reqId(), ErrorCode.UNAVAILABLE, "try again")));
            return;
        }
        String conversation = f.conversationId();
        if (conversation == null) {
            conversation = Ids.directConversationId(d.userId(), f.peer());
            if (!joinSeqs.containsKey(conversation)) {
                group(conversation, Map.of(d.userId(), 0L, f.peer(), 0L));
            }
        }
        if (!joinSeqs.containsKey(conversation) || !joinSeqs.get(conversation).containsKey(d.userId())) {
            conn.sendText(FrameCodec.encode(ErrorFrame.of(f.reqId(), ErrorCode.CONVERSATION_NOT_FOUND, "no")));
            return;
        }
        String claim = d.deviceId() + "/" + conversation + "/" + f.clientMsgId();
        SentFrame earlier = claims.get(claim);
        SentFrame answer;
        if (earlier != null) {
            answer = new SentFrame(f.reqId(), conversation, f.clientMsgId(), earlier.seq(), earlier.serverTime(), true);
        } else {
            List<ChatMessage> all = messages.get(conversation);
            ChatMessage m = new ChatMessage(conversation, all.size() + 1, d.userId(), d.deviceId(), f.clientMsgId(),
                    f.body(), System.currentTimeMillis());
            all.add(m);
            answer = new SentFrame(f.reqId(), conversation, f.clientMsgId(), m.seq(), m.serverTime(), false);
            claims.put(claim, answer);
            long[] own = cursor(conversation, d.userId()); // a sender has read its own message
            own[0] = Math.max(own[0], m.seq());
            own[1] = Math.max(own[1], m.seq());
            fanOut(m);
        }
        if (ignoreSends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return;
        }
        conn.sendText(FrameCodec.encode(answer));
    }

    private void fanOut(ChatMessage m) {
        if (dropLive.test(m)) {
            return;
        }
        Map<String, Long> members = joinSeqs.get(m.conversationId());
        for (Map.Entry<String, FakeWebSocketServer.Conn> e : live.entrySet()) {
            Device target = (Device) e.getValue().attributes.get("device");
            Long join = members.get(target.userId());
            if (join == null || m.seq() <= join || target.deviceId().equals(m.senderDeviceId())) {
                continue;
            }
            MessageFrame frame = new MessageFrame(m);
            if (holdLive) {
                held.add(new Held(target.deviceId(), frame));
            } else {
                e.getValue().sendText(FrameCodec.encode(frame));
            }
        }
    }

    private void onAck(FakeWebSocketServer.Conn conn, Device d, AckFrame f) {
        List<ChatMessage> all = messages.getOrDefault(f.conversationId(), List.of());
        if (f.effectiveDelivered() > all.size()) {
            conn.sendText(FrameCodec.encode(ErrorFrame.of(f.reqId(), ErrorCode.ACK_BEYOND_HEAD, "beyond head")));
            return;
        }
        long[] c = cursor(f.conversationId(), d.userId());
        c[0] = Math.max(c[0], f.effectiveDelivered());
        c[1] = Math.max(c[1], f.read() == null ? 0 : f.read());
        conn.sendText(FrameCodec.encode(new AckedFrame(f.reqId(), f.conversationId(), c[0], c[1])));
        ReceiptFrame receipt = new ReceiptFrame(f.conversationId(), d.userId(), c[0], c[1]);
        if (!Ids.isDirect(f.conversationId())) {
            long[] agg = aggregate(f.conversationId());
            GroupReceiptFrame group = new GroupReceiptFrame(f.conversationId(), agg[0], agg[1]);
            for (FakeWebSocketServer.Conn other : live.values()) {
                Device target = (Device) other.attributes.get("device");
                if (joinSeqs.get(f.conversationId()).containsKey(target.userId())) {
                    other.sendText(FrameCodec.encode(group));
                }
            }
        }
        for (FakeWebSocketServer.Conn other : live.values()) {
            Device target = (Device) other.attributes.get("device");
            if (!target.userId().equals(d.userId())
                    && joinSeqs.get(f.conversationId()).containsKey(target.userId())) {
                other.sendText(FrameCodec.encode(receipt));
            }
        }
    }

    private void onSync(FakeWebSocketServer.Conn conn, Device d, SyncFrame f) {
        int budget = maxSyncMessages;
        int total = 0;
        boolean caughtUp = true;
        for (Map.Entry<String, Map<String, Long>> e : new TreeMap<>(joinSeqs).entrySet()) {
            Long join = e.getValue().get(d.userId());
            if (join == null) {
                continue;
            }
            long from = Math.max(join, f.cursors().getOrDefault(e.getKey(), 0L));
            List<ChatMessage> missed = messages.get(e.getKey()).stream().filter(m -> m.seq() > from).toList();
            if (missed.size() > budget) {
                missed = missed.subList(0, budget);
                caughtUp = false;
            }
            budget -= missed.size();
            total += missed.size();
            for (int i = 0; i < missed.size(); i += f.pageSize()) {
                conn.sendText(FrameCodec.encode(new SyncPageFrame(f.reqId(), e.getKey(),
                        missed.subList(i, Math.min(missed.size(), i + f.pageSize())))));
            }
        }
        conn.sendText(FrameCodec.encode(new SyncEndFrame(f.reqId(), caughtUp, total)));
    }

    /** A group's cursors that every member has reached. */
    private long[] aggregate(String conversation) {
        long delivered = Long.MAX_VALUE;
        long read = Long.MAX_VALUE;
        for (String member : joinSeqs.get(conversation).keySet()) {
            long[] c = cursor(conversation, member);
            delivered = Math.min(delivered, c[0]);
            read = Math.min(read, c[1]);
        }
        return new long[] {delivered, read};
    }

    private long[] cursor(String conversation, String userId) {
        return cursors.computeIfAbsent(conversation, k -> new HashMap<>()).computeIfAbsent(userId, k -> new long[2]);
    }

    private static String other(String direct, String me) {
        String[] two = Ids.directMembers(direct);
        return two[0].equals(me) ? two[1] : two[0];
    }

    @Override
    public void close() throws IOException {
        ws.close();
    }
}
