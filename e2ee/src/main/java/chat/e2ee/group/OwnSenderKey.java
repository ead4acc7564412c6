package chat.e2ee.group;

/** This device's current Sender Key in one conversation: its id and how many messages it has sealed so far. */
public record OwnSenderKey(int keyId, int messagesSealed) {
}
