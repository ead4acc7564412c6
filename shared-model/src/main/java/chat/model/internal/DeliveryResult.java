package chat.model.internal;

import java.util.List;

/** Connections the broker does not hold (closed or never there): the caller forgets them. */
public record DeliveryResult(List<String> unknownConnections) {
    public DeliveryResult {
        unknownConnections = unknownConnections == null ? List.of() : List.copyOf(unknownConnections);
    }
}
