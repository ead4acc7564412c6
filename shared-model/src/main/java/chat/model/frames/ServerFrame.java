package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A frame the server sends to a client. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HelloFrame.class, name = "hello"),
    @JsonSubTypes.Type(value = SentFrame.class, name = "sent"),
    @JsonSubTypes.Type(value = MessageFrame.class, name = "message"),
    @JsonSubTypes.Type(value = AckedFrame.class, name = "acked"),
    @JsonSubTypes.Type(value = ReceiptFrame.class, name = "receipt"),
    @JsonSubTypes.Type(value = SyncPageFrame.class, name = "syncPage"),
    @JsonSubTypes.Type(value = SyncEndFrame.class, name = "syncEnd"),
    @JsonSubTypes.Type(value = HistoryPageFrame.class, name = "historyPage"),
    @JsonSubTypes.Type(value = ConversationListFrame.class, name = "conversationList"),
    @JsonSubTypes.Type(value = ErrorFrame.class, name = "error"),
    @JsonSubTypes.Type(value = GroupReceiptFrame.class, name = "groupReceipt"),
    @JsonSubTypes.Type(value = MemberListFrame.class, name = "memberList"),
    @JsonSubTypes.Type(value = ReaderListFrame.class, name = "readerList"),
    @JsonSubTypes.Type(value = PresenceListFrame.class, name = "presenceList"),
    @JsonSubTypes.Type(value = PresenceFrame.class, name = "presence"),
    @JsonSubTypes.Type(value = PrivacyFrame.class, name = "privacy"),
    @JsonSubTypes.Type(value = TypingNoticeFrame.class, name = "typing"),
    @JsonSubTypes.Type(value = PushRegisteredFrame.class, name = "pushRegistered"),
    @JsonSubTypes.Type(value = EnvelopesSentFrame.class, name = "envelopesSent"),
    @JsonSubTypes.Type(value = EnvelopeFrame.class, name = "envelope"),
    @JsonSubTypes.Type(value = InboxPageFrame.class, name = "inboxPage"),
    @JsonSubTypes.Type(value = InboxAckedFrame.class, name = "inboxAcked"),
})
public sealed interface ServerFrame permits HelloFrame, SentFrame, MessageFrame, AckedFrame, ReceiptFrame,
        SyncPageFrame, SyncEndFrame, HistoryPageFrame, ConversationListFrame, ErrorFrame, GroupReceiptFrame,
        MemberListFrame, ReaderListFrame, PresenceListFrame, PresenceFrame, PrivacyFrame, TypingNoticeFrame,
        PushRegisteredFrame, EnvelopesSentFrame, EnvelopeFrame, InboxPageFrame, InboxAckedFrame {
}
