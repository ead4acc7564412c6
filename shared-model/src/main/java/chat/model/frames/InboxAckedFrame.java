package chat.model.frames;

/** Answer to {@link InboxAckFrame}: the device's inbox holds nothing at or below {@code upTo} any more. */
public record InboxAckedFrame(String reqId, long upTo) implements ServerFrame {
}
