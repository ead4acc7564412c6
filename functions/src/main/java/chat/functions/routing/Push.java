package chat.functions.routing;

/** One frame for every connected device of {@code userId}, except {@code exceptDeviceId} (the sender's own). */
public record Push(String userId, String exceptDeviceId, String frame) {
}
