package chat.model.internal;

import java.util.List;

public record DeliveryBatch(List<Delivery> deliveries) {
    public DeliveryBatch {
        deliveries = List.copyOf(deliveries);
    }
}
