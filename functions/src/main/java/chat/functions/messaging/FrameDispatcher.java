package chat.functions.messaging;

import chat.functions.inbox.EnvelopeHandler;
import chat.functions.inbox.InboxReader;
import chat.functions.metrics.ChatMeters;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.AckFrame;
import chat.model.frames.ClientFrame;
import chat.model.frames.CreateGroupFrame;
import chat.model.frames.GroupChangeFrame;
import chat.model.frames.MembersFrame;
import chat.model.frames.ReadersFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.FrameCodec.FrameException;
import chat.model.frames.HistoryFrame;
import chat.model.frames.InboxAckFrame;
import chat.model.frames.InboxSyncFrame;
import chat.model.frames.SendEnvelopesFrame;
import chat.model.frames.ListConversationsFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.ServerFrame;
import chat.model.frames.SyncFrame;
import chat.model.frames.RegisterPushFrame;
import chat.model.frames.SetPrivacyFrame;
import chat.model.frames.SubscribePresenceFrame;
import chat.model.frames.TypingFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Entry point for a client frame forwarded by a broker: decodes it, runs its handler and turns every failure into an
 * error frame for that client. Nothing a client sends can make it throw.
 */
@ApplicationScoped
public class FrameDispatcher {
    private static final Logger LOG = Logger.getLogger(FrameDispatcher.class);
    private final SendHandler send;
    private final AckHandler ack;
    private final SyncHandler sync;
    private final HistoryHandler history;
    private final ConversationListHandler conversations;
    private final GroupHandler groups;
    private final MembersHandler memberLists;
    private final PresenceHandler presence;
    private final TypingHandler typing;
    private final PushRegistrationHandler pushRegistration;
    private final EnvelopeHandler envelopes;
    private final InboxReader inbox;
    private final ChatMeters meters;

    public FrameDispatcher(SendHandler send, AckHandler ack, SyncHandler sync, HistoryHandler history,
            ConversationListHandler conversations, GroupHandler groups, MembersHandler memberLists,
            PresenceHandler presence, TypingHandler typing, PushRegistrationHandler pushRegistration,
            EnvelopeHandler envelopes, InboxReader inbox, ChatMeters meters) {
        this.meters = meters;
        this.envelopes = envelopes;
        this.inbox = inbox;
        this.presence = presence;
        this.typing = typing;
        this.pushRegistration = pushRegistration;
        this.send = send;
        this.ack = ack;
        this.sync = sync;
        this.history = history;
        this.conversations = conversations;
        this.groups = groups;
        this.memberLists = memberLists;
    }

    public List<String> handle(Caller caller, String text) {
        long start = System.nanoTime();
        ClientFrame frame;
        try {
            frame = FrameCodec.decodeClient(text);
        } catch (FrameException e) {
            meters.frameHandled(ChatMeters.UNREADABLE, e.code().name(), System.nanoTime() - start);
            return List.of(FrameCodec.encode(e.toErrorFrame()));
        }
        ErrorCode failure = null;
        try {
            return dispatch(caller, frame).stream().map(FrameCodec::encode).toList();
        } catch (ChatException e) {
            failure = e.code();
            return error(frame, e.code(), e.getMessage());
        } catch (SdkException e) {
            LOG.warnf("storage unavailable handling %s: %s", frame.getClass().getSimpleName(), e.toString());
            failure = ErrorCode.UNAVAILABLE;
            return error(frame, failure, "storage unavailable; retry");
        } catch (RuntimeException e) {
            LOG.errorf(e, "unexpected failure handling %s", frame.getClass().getSimpleName());
            failure = ErrorCode.INTERNAL;
            return error(frame, failure, "internal error; retry");
        } finally {
            meters.frameHandled(ChatMeters.wireType(frame), ChatMeters.outcome(failure), System.nanoTime() - start);
        }
    }

    private List<ServerFrame> dispatch(Caller caller, ClientFrame frame) {
        if (frame instanceof SendFrame f) {
            return List.of(send.send(caller, f));
        } else if (frame instanceof AckFrame f) {
            return List.of(ack.ack(caller, f));
        } else if (frame instanceof SyncFrame f) {
            return sync.sync(caller, f);
        } else if (frame instanceof HistoryFrame f) {
            return List.of(history.history(caller, f));
        } else if (frame instanceof ListConversationsFrame f) {
            return List.of(conversations.list(caller, f));
        } else if (frame instanceof CreateGroupFrame f) {
            return List.of(groups.create(caller, f));
        } else if (frame instanceof GroupChangeFrame f) {
            return List.of(groups.change(caller, f));
        } else if (frame instanceof MembersFrame f) {
            return List.of(memberLists.members(caller, f));
        } else if (frame instanceof ReadersFrame f) {
            return List.of(memberLists.readers(caller, f));
        } else if (frame instanceof SubscribePresenceFrame f) {
            return List.of(presence.subscribe(caller, f));
        } else if (frame instanceof SetPrivacyFrame f) {
            return List.of(presence.setPrivacy(caller, f));
        } else if (frame instanceof TypingFrame f) {
            typing.typing(caller, f);
            return List.of(); // no answer: typing is refreshed every few seconds
        } else if (frame instanceof RegisterPushFrame f) {
            return List.of(pushRegistration.register(caller, f));
        } else if (frame instanceof SendEnvelopesFrame f) {
            return List.of(envelopes.send(caller.userId(), caller.deviceId(), f));
        } else if (frame instanceof InboxSyncFrame f) {
            return List.of(inbox.sync(caller.userId(), caller.deviceId(), f));
        } else if (frame instanceof InboxAckFrame f) {
            return List.of(inbox.ack(caller.userId(), caller.deviceId(), f));
        }
        throw new ChatException(ErrorCode.UNKNOWN_TYPE, "unsupported frame");
    }

    private static List<String> error(ClientFrame frame, ErrorCode code, String message) {
        return List.of(FrameCodec.encode(ErrorFrame.of(frame.reqId(), code, message)));
    }
}
