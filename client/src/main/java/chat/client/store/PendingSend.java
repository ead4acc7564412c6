package chat.client.store;

import chat.client.MessageState;

/**
 * A message the server has not stored yet: SENDING (goes out, with this clientMsgId, whenever a connection is up) or
 * FAILED (waits for a retry). Exactly one of {@code conversationId} and {@code peer} is set, as in a send frame.
 * {@code attempts} counts the frames put on the wire as last reported.
 */
public record PendingSend(String clientMsgId, String conversationId, String peer, byte[] body, long createdAt,
        int attempts, MessageState state, String failure) {
}
