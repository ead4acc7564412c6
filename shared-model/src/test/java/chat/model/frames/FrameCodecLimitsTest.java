package chat.model.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.Limits;
import chat.model.internal.FrameReplies;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecLimitsTest {
    /** A sync page as the functions answer it to the broker: a whole server frame inside a string. */
    private static final String REPLIES = "{\"frames\":[\"" + "A".repeat(Limits.MAX_SERVER_FRAME_BYTES - 16) + "\"]}";

    @Test
    void theTiersReadAnAnswerCarryingAServerFrameOfTheLargestSize() throws Exception {
        FrameReplies replies = FrameCodec.internalMapper().readValue(REPLIES, FrameReplies.class);

        assertThat(replies.frames()).singleElement().asString().hasSize(Limits.MAX_SERVER_FRAME_BYTES - 16);
    }

    @Test
    void theProtocolMapperStillRefusesStringsLongerThanAClientFrame() throws Exception {
        assertThatThrownBy(() -> FrameCodec.mapper().readValue(REPLIES, FrameReplies.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("exceeds the maximum allowed");
        assertThatThrownBy(() -> FrameCodec.internalMapper().readValue("{\"frames\":[\""
                + "A".repeat(Limits.MAX_SERVER_FRAME_BYTES + 1) + "\"]}", FrameReplies.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("exceeds the maximum allowed");
        assertThat(FrameCodec.mapper().readValue("{\"frames\":[\"x\"]}", FrameReplies.class).frames())
                .isEqualTo(List.of("x"));
    }
}
