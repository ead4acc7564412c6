package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.broker.FunctionsEndpoints.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FunctionsEndpointsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private FunctionsEndpoints of(String... urls) {
        return new FunctionsEndpoints(List.of(urls), Duration.ofSeconds(2), now::get);
    }

    @Test
    void callsGoRoundRobinOverTheInstances() {
        FunctionsEndpoints e = of("http://127.0.0.1:1", "http://127.0.0.1:2");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ports.add(e.pick().port());
        }
        assertThat(ports).containsExactly(1, 2, 1, 2);
    }

    @Test
    void anInstanceMarkedDownIsSkippedUntilItsTimeIsUp() {
        FunctionsEndpoints e = of("http://127.0.0.1:1", "http://127.0.0.1:2");
        Endpoint one = e.all().get(0);
        e.markDown(one);
        for (int i = 0; i < 4; i++) {
            assertThat(e.pick().port()).isEqualTo(2);
        }
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(List.of(e.pick().port(), e.pick().port())).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void whenEveryInstanceIsDownTheOneThatFailedLongestAgoIsTried() {
        FunctionsEndpoints e = of("http://127.0.0.1:1", "http://127.0.0.1:2");
        e.markDown(e.all().get(1));
        now.addAndGet(1000);
        e.markDown(e.all().get(0));
        assertThat(e.pick().port()).isEqualTo(2);
        assertThat(e.pick().port()).isEqualTo(2);
    }

    @Test
    void aSuccessfulCallBringsAnInstanceBackAtOnce() {
        FunctionsEndpoints e = of("http://127.0.0.1:1", "http://127.0.0.1:2");
        e.markDown(e.all().get(0));
        e.markUp(e.all().get(0));
        assertThat(List.of(e.pick().port(), e.pick().port())).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void theAlternativeToAFailedInstanceIsAHealthyOtherOne() {
        FunctionsEndpoints e = of("http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3");
        e.markDown(e.all().get(0));
        e.markDown(e.all().get(1));
        assertThat(e.alternativeTo(e.all().get(0)).port()).isEqualTo(3);
        e.markDown(e.all().get(2));
        assertThat(e.alternativeTo(e.all().get(0))).isNull();
        assertThat(of("http://127.0.0.1:1").alternativeTo(Endpoint.parse("http://127.0.0.1:1"))).isNull();
    }

    @Test
    void aUrlKeepsItsSchemeDefaultPortAndBasePath() {
        Endpoint aws = Endpoint.parse("https://abc.execute-api.eu-west-1.amazonaws.com/prod/");
        assertThat(aws.ssl()).isTrue();
        assertThat(aws.port()).isEqualTo(443);
        assertThat(aws.uri("/internal/v1/frames")).isEqualTo("/prod/internal/v1/frames");
        Endpoint local = Endpoint.parse("http://127.0.0.1:8081");
        assertThat(local.ssl()).isFalse();
        assertThat(local.uri("/internal/v1/frames")).isEqualTo("/internal/v1/frames");
        assertThat(Endpoint.parse("http://example.org").port()).isEqualTo(80);
    }

    @Test
    void badUrlsAreRefusedAtStartup() {
        assertThatThrownBy(() -> of()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
