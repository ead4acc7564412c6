package chat.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;

class ChatConfigTest {
    private static ChatConfig config(String stage) {
        return new ChatConfig(stage, "f.zip", false, Optional.empty(), Optional.empty(), "..", Optional.empty(),
                "/q/health/ready", 1, 2);
    }

    @Test
    void prefixAndPoliciesFollowTheStage() {
        assertThat(config("dev").prefix()).isEqualTo("chat-dev-");
        assertThat(config("dev").prod()).isFalse();
        assertThat(config("dev").statefulRemovalPolicy()).isEqualTo(RemovalPolicy.DESTROY);
        assertThat(config("prod").prod()).isTrue();
        assertThat(config("prod").statefulRemovalPolicy()).isEqualTo(RemovalPolicy.RETAIN);
    }

    @Test
    void stageMustBeShortLowerCaseAlphanumeric() {
        for (String bad : new String[] {"", "Prod", "dev-1", "1dev", "averyveryverylongstage", "de v"}) {
            assertThatThrownBy(() -> config(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stage");
        }
    }

    @Test
    void scalingBoundsAreChecked() {
        assertThatThrownBy(() -> new ChatConfig("dev", "f.zip", false, Optional.empty(), Optional.empty(), "..",
                Optional.empty(), "/q/health/ready", 3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
