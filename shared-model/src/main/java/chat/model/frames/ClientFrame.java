package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A frame a client sends over its WebSocket. {@code reqId} is optional and echoed in the answer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SendFrame.class, name = "send"),
    @JsonSubTypes.Type(value = AckFrame.class, name = "ack"),
    @JsonSubTypes.Type(value = SyncFrame.class, name = "sync"),
    @JsonSubTypes.Type(value = HistoryFrame.class, name = "history"),
    @JsonSubTypes.Type(value = ListConversationsFrame.class, name = "conversations"),
    @JsonSubTypes.Type(value = CreateGroupFrame.class, name = "createGroup"),
    @JsonSubTypes.Type(value = GroupChangeFrame.class, name = "groupChange"),
    @JsonSubTypes.Type(value = MembersFrame.class, name = "members"),
    @JsonSubTypes.Type(value = ReadersFrame.class, name = "readers"),
    @JsonSubTypes.Type(value = SubscribePresenceFrame.class, name = "subscribePresence"),
    @JsonSubTypes.Type(value = SetPrivacyFrame.class, name = "setPrivacy"),
    @JsonSubTypes.Type(value = TypingFrame.class, name = "typing"),
    @JsonSubTypes.Type(value = RegisterPushFrame.class, name = "registerPush"),
    @JsonSubTypes.Type(value = SendEnvelopesFrame.class, name = "sendEnvelopes"),
    @JsonSubTypes.Type(value = InboxSyncFrame.class, name = "inboxSync"),
    @JsonSubTypes.Type(value = InboxAckFrame.class, name = "inboxAck"),
})
public sealed interface ClientFrame permits SendFrame, AckFrame, SyncFrame, HistoryFrame, ListConversationsFrame,
        CreateGroupFrame, GroupChangeFrame, MembersFrame, ReadersFrame, SubscribePresenceFrame, SetPrivacyFrame,
        TypingFrame, RegisterPushFrame, SendEnvelopesFrame, InboxSyncFrame, InboxAckFrame {
    String reqId();
}
