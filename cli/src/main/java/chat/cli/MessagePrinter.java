package chat.cli;

import chat.client.KeyNotice;
import chat.client.UndecryptableMessage;
import chat.e2ee.messaging.SealedBody;
import chat.e2ee.wire.InvalidMessageException;
import chat.model.frames.ChatMessage;
import chat.model.frames.GroupEvent;
import chat.e2ee.content.AttachmentPointer;
import chat.e2ee.content.ChatContent;
import chat.e2ee.content.InvalidContentException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Formats messages and times for the terminal. */
final class MessagePrinter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** A body still sealed: what the server hands out of messages this device never opened (e.g. older history). */
    static final String ENCRYPTED = "[encrypted: not readable on this device]";

    /** How long the server keeps attachments by default (chat.media.retention). */
    static final java.time.Duration MEDIA_RETENTION = java.time.Duration.ofDays(45);

    private MessagePrinter() {
    }

    /**
     * {@code [conversation seq time] Bob (@bob): text}, or {@code [conversation seq time] * event} for group events.
     */
    static String format(ChatMessage m, Names names) {
        String head = "[" + m.conversationId() + " " + m.seq() + " " + time(m.serverTime()) + "] ";
        if (m.body() == null) {
            return head + "* " + event(m.event(), names);
        }
        return head + names.sender(m.senderUserId()) + ": " + text(m.body(), m.serverTime());
    }

    /** A message this device could not open, where it would have been shown. */
    static String undecryptable(UndecryptableMessage u, Names names) {
        ChatMessage m = u.sealed();
        return "[" + m.conversationId() + " " + m.seq() + " " + time(m.serverTime()) + "] "
                + names.sender(m.senderUserId()) + ": " + unreadable(u);
    }

    /** What stands in for the text of a message this device could not open. */
    static String unreadable(UndecryptableMessage u) {
        return u.waiting() ? "[waiting for this message's key from the sender's device]"
                : "[couldn't decrypt: " + safe(u.detail()) + "]";
    }

    /** Why a device of a member cannot read what this device just sent, and for a changed identity what to do. */
    static String keyNotice(KeyNotice n, Names names) {
        String who = names.handle(n.userId());
        if (n.identityChanged()) {
            return "warning: the safety number with " + who + " changed (their identity key is new): nothing is"
                    + " sent to it until you compare the new number with `chat verify " + who + "` and accept it"
                    + " with `chat verify " + who + " --accept`";
        }
        return "note: " + who + "'s device " + n.deviceId() + " cannot read this message: " + safe(n.reason());
    }

    /** The people a message names (its sender, a group event's actor and members), to look up in one request. */
    static List<String> people(ChatMessage m) {
        List<String> out = new ArrayList<>();
        out.add(m.senderUserId());
        if (m.event() != null) {
            out.add(m.event().actorUserId());
            out.addAll(m.event().userIds());
        }
        return out;
    }

    static String event(GroupEvent e, Names names) {
        if (e == null) {
            return "(empty entry)";
        }
        String who = String.join(", ", e.userIds().stream().map(names::handle).toList());
        String actor = names.handle(e.actorUserId());
        return switch (e.action()) {
            case CREATED -> actor + " created the group" + (e.name() == null ? "" : " \"" + safe(e.name()) + "\"")
                    + (who.isEmpty() ? "" : " with " + who);
            case ADDED -> actor + " added " + who;
            case REMOVED -> actor + " removed " + who;
            case LEFT -> (who.isEmpty() ? actor : who) + " left";
            case RENAMED -> actor + " renamed the group to \"" + safe(e.name()) + "\"";
            case PROMOTED -> actor + " made " + who + " admin";
        };
    }

    static String time(long epochMillis) {
        return epochMillis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * As {@link #text(String)}, with the attachments of a message older than the server's default retention shown as
     * expired (a deployment with another retention still answers ATTACHMENT_EXPIRED when asked).
     */
    static String text(String base64, long serverTime) {
        return text(base64, serverTime > 0 && System.currentTimeMillis() - serverTime > MEDIA_RETENTION.toMillis());
    }

    /** The body as UTF-8 text with control characters made harmless, or a note for binary bodies. */
    static String text(String base64) {
        return text(base64, false);
    }

    private static String text(String base64, boolean mediaExpired) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return "<undecodable body>";
        }
        if (sealed(bytes)) {
            return ENCRYPTED;
        }
        if (bytes.length > 0 && bytes[0] == 0) {
            return structured(bytes, mediaExpired);
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "<binary, " + bytes.length + " bytes>";
        }
        return safe(s);
    }

    /**
     * Content with attachments: each as {@code [file: name, 1.2 MB, image/jpeg, 1200x800]} ({@code [media expired: …]}
     * once the server no longer keeps it), then the caption.
     */
    private static String structured(byte[] bytes, boolean mediaExpired) {
        ChatContent content;
        try {
            content = ChatContent.decode(bytes);
        } catch (InvalidContentException e) {
            return "[unreadable content: " + safe(e.getMessage()) + "]";
        }
        StringBuilder line = new StringBuilder();
        for (AttachmentPointer a : content.attachments()) {
            line.append(mediaExpired ? "[media expired: " : "[file: ").append(safe(a.fileName() == null ? "(no name)" : a.fileName())).append(", ")
                    .append(ProgressBar.mb(a.size())).append(", ").append(safe(a.contentType()));
            if (a.width() != null && a.height() != null) {
                line.append(", ").append(a.width()).append('x').append(a.height());
            }
            if (a.durationMs() != null) {
                long seconds = a.durationMs() / 1000;
                line.append(", ").append(seconds / 60).append(':').append(String.format(java.util.Locale.ROOT, "%02d", seconds % 60));
            }
            line.append("] ");
        }
        if (content.text() != null) {
            line.append(safe(content.text()));
        }
        return line.toString().strip();
    }

    private static boolean sealed(byte[] body) {
        try {
            SealedBody.decode(body);
            return true;
        } catch (InvalidMessageException e) {
            return false;
        }
    }

    /** Control characters (terminal escapes included) replaced; newlines and tabs kept. */
    static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\t' || !(Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029)) {
                out.appendCodePoint(cp);
            } else {
                out.append('\uFFFD');
            }
        });
        return out.toString();
    }
}
