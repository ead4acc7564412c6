package chat.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryBatchTest {
    @Test
    void aFramePushedToManyConnectionsIsStoredOnceAndEachKeepsItsOwnOrder() {
        DeliveryBatch batch = DeliveryBatch.builder()
                .push("c1", "A").push("c2", "A").push("c1", "B").push("c2", "C").push("c3", "B")
                .build();

        assertThat(batch.frames()).containsExactly("A", "B", "C");
        assertThat(batch.deliveries()).extracting(Delivery::connectionId).containsExactly("c1", "c2", "c3");
        assertThat(batch.framesOf(batch.deliveries().get(0))).containsExactly("A", "B");
        assertThat(batch.framesOf(batch.deliveries().get(1))).containsExactly("A", "C");
        assertThat(batch.framesOf(batch.deliveries().get(2))).containsExactly("B");
    }

    @Test
    void aCloseComesAfterTheConnectionsFramesInTheSameDelivery() {
        DeliveryBatch batch = DeliveryBatch.builder().push("c1", "A").close("c1", 4001, "displaced")
                .close("c2", 4001, "displaced").build();

        Delivery first = batch.deliveries().get(0);
        assertThat(batch.framesOf(first)).containsExactly("A");
        assertThat(first.closeCode()).isEqualTo(4001);
        assertThat(batch.deliveries().get(1).frames()).isEmpty();
        assertThat(batch.deliveries().get(1).closeReason()).isEqualTo("displaced");
    }

    @Test
    void itTravelsAsJsonAndComesBackEqual() throws Exception {
        DeliveryBatch batch = DeliveryBatch.builder().push("c1", "{\"type\":\"message\"}").push("c2",
                "{\"type\":\"message\"}").close("c2", 4001, "bye").build();

        String json = FrameCodec.mapper().writeValueAsString(batch);

        assertThat(json).containsOnlyOnce("message");
        assertThat(FrameCodec.mapper().readValue(json, DeliveryBatch.class)).isEqualTo(batch);
    }

    @Test
    void aDeliveryWithoutAConnectionIsRefused() {
        assertThatThrownBy(() -> FrameCodec.mapper().readValue(
                "{\"frames\":[\"A\"],\"deliveries\":[{\"frames\":[0]}]}", DeliveryBatch.class))
                .isInstanceOf(ValueInstantiationException.class).hasMessageContaining("connectionId is required");
        assertThatThrownBy(() -> DeliveryBatch.builder().push(" ", "A").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeliveryNamingAFrameTheBatchDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> new DeliveryBatch(List.of("A"), List.of(new Delivery("c1", List.of(1), null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c1");
        assertThatThrownBy(() -> FrameCodec.mapper().readValue(
                "{\"frames\":[],\"deliveries\":[{\"connectionId\":\"c1\",\"frames\":[0]}]}", DeliveryBatch.class))
                .isInstanceOf(ValueInstantiationException.class);
    }

    @Test
    void aUsersFramesKeepTheirOrderAndASendersOwnFrameStartsADeliveryWithoutTheirDevice() {
        DeliveryBatch batch = DeliveryBatch.builder().pushToUser("u1", null, "A").pushToUser("u2", null, "A")
                .pushToUser("u1", null, "B").pushToUser("u1", "d1", "C").build();

        assertThat(batch.frames()).containsExactly("A", "B", "C");
        assertThat(batch.userDeliveries()).containsExactly(new UserDelivery("u1", null, List.of(0, 1)),
                new UserDelivery("u2", null, List.of(0)), new UserDelivery("u1", "d1", List.of(2)));
    }

    @Test
    void aUserDeliveryNamingAFrameTheBatchDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> new DeliveryBatch(List.of("A"), List.of(),
                List.of(new UserDelivery("u1", null, List.of(1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("u1");
        assertThatThrownBy(() -> new UserDelivery(" ", null, List.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userDeliveriesTravelAsJsonAndComeBackEqual() throws Exception {
        DeliveryBatch batch = DeliveryBatch.builder().push("c1", "A").pushToUser("u1", "d1", "A").build();

        String json = FrameCodec.mapper().writeValueAsString(batch);

        assertThat(FrameCodec.mapper().readValue(json, DeliveryBatch.class)).isEqualTo(batch);
    }
}
