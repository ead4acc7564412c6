package chat.e2ee.group;

import chat.e2ee.session.Address;

/** Whose Sender Key in which conversation: one per (conversation, member device). */
public record SenderKeyName(String conversationId, Address sender) {
    public SenderKeyName {
        if (conversationId == null || conversationId.isEmpty() || sender == null) {
            throw new IllegalArgumentException("a sender key is named by a conversation and a device");
        }
    }
}
