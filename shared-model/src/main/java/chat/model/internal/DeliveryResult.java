package chat.model.internal;

import java.util.List;

/**
 * Connections the broker does not hold (closed or never there): the caller forgets them. And the devices that got a
 * user-addressed delivery: every other device of the addressed users is offline as far as this node can tell.
 */
public record DeliveryResult(List<String> unknownConnections, List<ReachedDevice> reached) {
    public DeliveryResult {
        unknownConnections = unknownConnections == null ? List.of() : List.copyOf(unknownConnections);
        reached = reached == null ? List.of() : List.copyOf(reached);
    }

    public DeliveryResult(List<String> unknownConnections) {
        this(unknownConnections, List.of());
    }
}
