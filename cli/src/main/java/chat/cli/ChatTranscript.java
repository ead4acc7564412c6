package chat.cli;

import chat.client.MessageState;
import chat.client.OutgoingMessage;
import chat.client.UndecryptableMessage;
import chat.model.frames.ChatMessage;
import chat.model.frames.PresenceView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * What the chat screen shows of one conversation: its messages in seq order (then this session's own messages not yet
 * stored), each of one's own with its mark — {@code …} sending, {@code ✓} sent, {@code ✓✓} delivered, {@code ✓✓ read}
 * (from the other side's cursors: a direct peer's, or in a group everyone's) — the peers' presence and who is typing.
 * Thread-safe; every change returns whether the screen needs redrawing.
 */
final class ChatTranscript {
    static final String SENDING = "…";
    static final String SENT = "✓";
    static final String DELIVERED = "✓✓";
    static final String READ = "✓✓ read";
    static final String FAILED = "✗ not sent";

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY_HH_MM =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** One line of the transcript; {@code key} stays the same while its text changes (a mark moving on). */
    record Line(String key, String text) {
    }

    /** Everything to draw. */
    record Snapshot(String header, List<Line> messages, String typing) {
    }

    /** {@code unreadable}: shown in place of a message this device could not open, replaced if it opens later. */
    private record Entry(long seq, String senderUserId, String clientMsgId, String text, long time, boolean event,
            boolean unreadable) {
    }

    private final String conversationId;
    private final Profile profile;
    private final Names names;
    private final String title;
    private final LongSupplier clock;
    private final TreeMap<Long, Entry> stored = new TreeMap<>();
    /** This session's sends not yet stored, by clientMsgId, with their state. */
    private final Map<String, OutgoingMessage> pending = new LinkedHashMap<>();
    private final Map<String, PresenceView> presence = new LinkedHashMap<>();
    /** Typing peers: user id to when their notice expires (clock millis). */
    private final Map<String, Long> typing = new LinkedHashMap<>();
    private long peerDelivered;
    private long peerRead;
    private final List<String> notices = new ArrayList<>();
    private String name;

    ChatTranscript(String conversationId, Profile profile, Names names, String title, LongSupplier clock) {
        this.conversationId = conversationId;
        this.profile = profile;
        this.names = names;
        this.title = title;
        this.clock = clock;
    }

    String conversationId() {
        return conversationId;
    }

    synchronized boolean add(ChatMessage m) {
        Entry shown = stored.get(m.seq());
        if (!m.conversationId().equals(conversationId) || (shown != null && !shown.unreadable())) {
            return false;
        }
        boolean event = m.body() == null;
        String text = event ? MessagePrinter.event(m.event(), names) : MessagePrinter.text(m.body(), m.serverTime());
        stored.put(m.seq(), new Entry(m.seq(), m.senderUserId(), m.clientMsgId(), text, m.serverTime(), event,
                false));
        if (m.clientMsgId() != null && profile.userId().equals(m.senderUserId())) {
            pending.remove(m.clientMsgId());
        }
        typing.remove(m.senderUserId()); // a sent message ends its sender's typing
        return true;
    }

    /** A message this device could not open (yet): its place in the transcript, until it opens. */
    synchronized boolean undecryptable(UndecryptableMessage u) {
        ChatMessage m = u.sealed();
        if (!m.conversationId().equals(conversationId) || stored.containsKey(m.seq())) {
            return false;
        }
        stored.put(m.seq(), new Entry(m.seq(), m.senderUserId(), null, MessagePrinter.unreadable(u), m.serverTime(),
                false, true));
        return true;
    }

    synchronized boolean outgoing(OutgoingMessage m) {
        if (!conversationId.equals(m.conversationId()) && !(m.conversationId() == null && m.peer() != null
                && conversationId.contains(m.peer()))) {
            return false;
        }
        if (m.state().stored()) {
            pending.remove(m.clientMsgId());
            if (!stored.containsKey(m.seq())) {
                stored.put(m.seq(), new Entry(m.seq(), profile.userId(), m.clientMsgId(), decode(m.body()),
                        m.serverTime(), false, false));
            }
            if (m.state() == MessageState.READ) {
                peerCursors(m.seq(), m.seq());
            } else if (m.state() == MessageState.DELIVERED) {
                peerCursors(m.seq(), 0);
            }
        } else {
            pending.put(m.clientMsgId(), m);
        }
        return true;
    }

    /** The other side's cursors moved (they only move forward). */
    synchronized boolean peerCursors(long delivered, long read) {
        long d = Math.max(peerDelivered, Math.max(delivered, read));
        long r = Math.max(peerRead, read);
        boolean changed = d != peerDelivered || r != peerRead;
        peerDelivered = d;
        peerRead = r;
        return changed;
    }

    synchronized boolean presence(PresenceView p) {
        if (p.userId().equals(profile.userId())) {
            return false;
        }
        return !p.equals(presence.put(p.userId(), p));
    }

    /** Whether any peer's presence is known (a subscription before the conversation existed was refused). */
    synchronized boolean knowsPresence() {
        return !presence.isEmpty();
    }

    synchronized boolean typing(String userId, boolean on, long expiresInMs) {
        if (userId == null || userId.equals(profile.userId())) {
            return false;
        }
        if (on) {
            return typing.put(userId, clock.getAsLong() + expiresInMs) == null;
        }
        return typing.remove(userId) != null;
    }

    /** Forgets typing notices nobody refreshed. */
    synchronized boolean expire() {
        long now = clock.getAsLong();
        return typing.values().removeIf(until -> until <= now);
    }

    synchronized boolean name(String value) {
        boolean changed = value != null && !value.equals(name);
        if (changed) {
            name = value;
        }
        return changed;
    }

    /** A notice under the messages (e.g. a member's safety number changed), each shown once. */
    synchronized boolean notice(String text) {
        if (notices.contains(text)) {
            return false;
        }
        notices.add(text);
        return true;
    }

    synchronized long lastSeq() {
        return stored.isEmpty() ? 0 : stored.lastKey();
    }

    synchronized Snapshot snapshot() {
        List<Line> lines = new ArrayList<>();
        for (Entry e : stored.values()) {
            boolean mine = profile.userId().equals(e.senderUserId) && !e.event;
            lines.add(new Line(mine && e.clientMsgId != null ? "c:" + e.clientMsgId : "s:" + e.seq, line(e.time, e.senderUserId, e.text, e.event,
                    mine ? mark(e.seq) : null)));
        }
        for (OutgoingMessage m : pending.values()) {
            lines.add(new Line("c:" + m.clientMsgId(), line(0, profile.userId(), decode(m.body()), false,
                    m.state() == MessageState.FAILED ? FAILED : SENDING)));
        }
        for (int i = 0; i < notices.size(); i++) {
            lines.add(new Line("n:" + i, "! " + notices.get(i)));
        }
        return new Snapshot(header(), lines, typingLine());
    }

    private String mark(long seq) {
        return seq <= peerRead ? READ : seq <= peerDelivered ? DELIVERED : SENT;
    }

    private String line(long time, String sender, String text, boolean event, String mark) {
        String when = time <= 0 ? "     " : HH_MM.format(Instant.ofEpochMilli(time));
        String who = profile.userId().equals(sender) ? "you" : names.handle(sender);
        String body = event ? "* " + text : who + ": " + text;
        return when + " " + body + (mark == null ? "" : "  " + mark);
    }

    private String header() {
        StringBuilder h = new StringBuilder(name != null ? name + " (" + conversationId + ")" : title);
        for (PresenceView p : presence.values()) {
            String state = presenceText(p);
            if (state != null) {
                h.append(presence.size() > 1 ? " · " + names.handle(p.userId()) + " " : " · ").append(state);
            }
        }
        return h.toString();
    }

    private String presenceText(PresenceView p) {
        if (Boolean.TRUE.equals(p.online())) {
            return "online";
        }
        if (p.lastSeen() != null) {
            Instant at = Instant.ofEpochMilli(p.lastSeen());
            boolean today = LocalDate.ofInstant(at, ZoneId.systemDefault())
                    .equals(LocalDate.ofInstant(Instant.ofEpochMilli(clock.getAsLong()), ZoneId.systemDefault()));
            return "last seen " + (today ? HH_MM : DAY_HH_MM).format(at);
        }
        return Boolean.FALSE.equals(p.online()) ? "offline" : null;
    }

    private String typingLine() {
        if (typing.isEmpty()) {
            return null;
        }
        List<String> who = typing.keySet().stream().map(names::handle).toList();
        return String.join(", ", who) + (who.size() == 1 ? " is typing…" : " are typing…");
    }

    private static String decode(String base64) {
        return base64 == null ? "" : MessagePrinter.safe(new String(Base64.getDecoder().decode(base64),
                StandardCharsets.UTF_8));
    }
}
