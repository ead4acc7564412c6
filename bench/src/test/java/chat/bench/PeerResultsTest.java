package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerResultsTest {
    private static String p2p(int rate, double p99, int lost, double serverPct) {
        return "{\"test\":\"p2p_1to1\",\"server\":\"ejabberd\",\"server_version\":\"23.01-1\",\"mam_db\":\"pgsql\","
                + "\"target_rate\":" + rate + ",\"errors\":0,\"lost\":" + lost + ",\"delivered_per_s\":" + rate
                + ",\"latency_ms\":{\"p50\":3,\"p99\":" + p99 + "},\"cpu_pct_of_one_core\":{\"server\":" + serverPct
                + ",\"loadgen\":20}}";
    }

    @Test
    void theHighestRateBeforeTheFirstFailureHoldsWithItsCpuPerMessage() throws Exception {
        PeerResults r = PeerResults.parse(List.of("[bench] progress line",
                "{\"test\":\"register\",\"users\":256}",
                p2p(500, 15, 0, 96), p2p(800, 41.9, 0, 133.5), p2p(900, 541, 0, 142),
                p2p(1000, 60, 0, 150), // after the first failure: not counted as held
                "{\"test\":\"muc_fanout\",\"members\":50,\"fanout_complete_ms\":{\"p99\":13.4}}",
                "{\"test\":\"muc_fanout\",\"members\":256,\"fanout_complete_ms\":{\"p99\":37.9}}"));
        assertThat(r.highestRateHeld()).isEqualTo(800.0);
        assertThat(r.p99AtHeldMs()).isEqualTo(41.9);
        assertThat(r.cpuMsPerMessageAtHeld()).isEqualTo(1.669); // 133.5 % of a core / 800 msgs/s
        assertThat(r.firstFailedRate()).isEqualTo(900.0);
        assertThat(r.firstFailedP99Ms()).isEqualTo(541.0);
        assertThat(r.mucMembers()).isEqualTo(256);
        assertThat(r.mucFanoutP99Ms()).isEqualTo(37.9);
        assertThat(r.server()).isEqualTo("ejabberd 23.01-1 MAM pgsql");
    }

    @Test
    void aRepeatedRateCountsByItsLastAttemptAndALossFails() throws Exception {
        PeerResults r = PeerResults.parse(List.of(p2p(600, 700, 0, 100), p2p(600, 12, 0, 100),
                p2p(700, 20, 3, 100)));
        assertThat(r.highestRateHeld()).isEqualTo(600.0);
        assertThat(r.firstFailedRate()).isEqualTo(700.0);
        assertThat(r.mucFanoutP99Ms()).isNull();
    }
}
