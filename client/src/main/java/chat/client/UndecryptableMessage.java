package chat.client;

import chat.e2ee.session.Failure;
import chat.model.frames.ChatMessage;

/**
 * A conversation message this device could not open, as received ({@code sealed.body()} is the ciphertext). When
 * {@code waiting} it waits for its sender's Sender Key and reaches {@link ChatDevice.Listener#onMessage} once the key
 * arrives (within {@link EndToEnd#WAIT_FOR_KEY}); otherwise it stays unreadable ("couldn't decrypt").
 */
public record UndecryptableMessage(ChatMessage sealed, Failure failure, String detail, boolean waiting) {
}
