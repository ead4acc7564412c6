package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.e2ee.curve.KeyPair;
import chat.model.ChatException;
import chat.model.ErrorCode;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class LinkCodeTest {
    private final LinkCode code = new LinkCode("d0123456789abcdef", KeyPair.generate(new SecureRandom()).publicKey());

    @Test
    void aCodeReadsBackAsTheDeviceAndKeyItWasMadeOf() {
        assertThat(code.toString()).hasSize(62).startsWith("d0123456789abcdef-");
        assertThat(LinkCode.parse(code.toString())).isEqualTo(code);
        assertThat(LinkCode.parse("  " + code + "\n")).isEqualTo(code); // as pasted
    }

    @Test
    void anythingElseIsRefusedAsAnInvalidField() {
        String s = code.toString();
        for (String bad : new String[] {"", "not-a-code", s.substring(0, s.length() - 1), s + "A",
                "x" + s.substring(1), s.replace('-', '_'), s.substring(0, 18) + "A" + s.substring(19)}) {
            assertThatThrownBy(() -> LinkCode.parse(bad)).as(bad).isInstanceOfSatisfying(ChatException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        }
        assertThatThrownBy(() -> LinkCode.parse(null)).isInstanceOf(ChatException.class);
    }
}
