package chat.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;

class StackSettingsTest {
    private static StackSettings settings(String stage) {
        return new StackSettings(stage, "f.zip", "w.zip", false, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), "..", Optional.empty(), "/q/health/ready", 1, 2, StackSettings.DEFAULT_WEB_ORIGIN,
                StackSettings.DEFAULT_WAF_RATE_LIMIT);
    }

    @Test
    void prefixAndPoliciesFollowTheStage() {
        assertThat(settings("dev").prefix()).isEqualTo("chat-dev-");
        assertThat(settings("dev").prod()).isFalse();
        assertThat(settings("dev").statefulRemovalPolicy()).isEqualTo(RemovalPolicy.DESTROY);
        assertThat(settings("prod").prod()).isTrue();
        assertThat(settings("prod").statefulRemovalPolicy()).isEqualTo(RemovalPolicy.RETAIN);
    }

    @Test
    void stageMustBeShortLowerCaseAlphanumeric() {
        for (String bad : new String[] {"", "Prod", "dev-1", "1dev", "averyveryverylongstage", "de v"}) {
            assertThatThrownBy(() -> settings(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stage");
        }
    }

    @Test
    void scalingBoundsAreChecked() {
        assertThatThrownBy(() -> new StackSettings("dev", "f.zip", "w.zip", false, Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), "..", Optional.empty(), "/q/health/ready", 3, 2,
                StackSettings.DEFAULT_WEB_ORIGIN, StackSettings.DEFAULT_WAF_RATE_LIMIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pushSecretAndPushServicesGoTogetherAndNameKnownServices() {
        assertThatThrownBy(() -> push(Optional.of("chat/push"), List.of())).hasMessageContaining("pushServices");
        assertThatThrownBy(() -> push(Optional.empty(), List.of("fcm"))).hasMessageContaining("pushSecret");
        assertThatThrownBy(() -> push(Optional.of("chat/push"), List.of("gcm"))).hasMessageContaining("gcm");
        assertThat(push(Optional.of("chat/push"), List.of("webpush", "apns")).pushServices())
                .containsExactly("webpush", "apns");
    }

    private static StackSettings push(Optional<String> secret, List<String> services) {
        return new StackSettings("dev", "f.zip", "w.zip", false, secret, services, Optional.empty(), Optional.empty(),
                "..", Optional.empty(), "/q/health/ready", 1, 2, StackSettings.DEFAULT_WEB_ORIGIN,
                StackSettings.DEFAULT_WAF_RATE_LIMIT);
    }

    @Test
    void webOriginMustBeABareHttpsOriginOrLocalhost() {
        assertThat(origin("https://chat.example.com").webOrigin()).isEqualTo("https://chat.example.com");
        assertThat(origin("https://chat.example.com:8443").webOrigin()).isEqualTo("https://chat.example.com:8443");
        assertThat(origin(StackSettings.DEFAULT_WEB_ORIGIN).webOrigin()).isEqualTo("http://localhost:5173");
        for (String bad : new String[] {"chat.example.com", "http://chat.example.com", "https://chat.example.com/",
                "https://chat.example.com/app", "https://Chat.example.com", "https://u@chat.example.com", "*",
                "https://chat.example.com?x=1", "ftp://localhost"}) {
            assertThatThrownBy(() -> origin(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("webOrigin");
        }
    }

    @Test
    void wafRateLimitIsWithinWhatWafAccepts() {
        assertThat(rate(10).wafRateLimit()).isEqualTo(10);
        for (int bad : new int[] {0, 9, -1}) {
            assertThatThrownBy(() -> rate(bad)).as("" + bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wafRateLimit");
        }
    }

    private static StackSettings rate(int limit) {
        return new StackSettings("dev", "f.zip", "w.zip", false, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), "..", Optional.empty(), "/q/health/ready", 1, 2, StackSettings.DEFAULT_WEB_ORIGIN,
                limit);
    }

    private static StackSettings origin(String webOrigin) {
        return new StackSettings("dev", "f.zip", "w.zip", false, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), "..", Optional.empty(), "/q/health/ready", 1, 2, webOrigin,
                StackSettings.DEFAULT_WAF_RATE_LIMIT);
    }
}
