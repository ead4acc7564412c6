package chat.model.frames;

/** First frame on every connection: who the server thinks you are, and how often it pings. */
public record HelloFrame(String userId, String deviceId, String connectionId, long serverTime, int heartbeatSeconds)
        implements ServerFrame {
}
