package chat.bench;

import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ejabberd peer's figures from the JSON lines its harness ({@code ../shared/peer-ejabberd/}) printed: the highest
 * one-to-one rate that held (p99 < 100 ms, nothing lost, no error), the CPU of its server processes per message at
 * that rate, the first rate that failed, and the 256-member room's fan-out p99. When the harness repeated a rate
 * (other tenants were busy), its last attempt counts, as the harness's own sweep decides on it.
 */
record PeerResults(double highestRateHeld, Double p99AtHeldMs, Double cpuMsPerMessageAtHeld, Double firstFailedRate,
        Double firstFailedP99Ms, Double mucFanoutP99Ms, Integer mucMembers, String server) {
    static final double P99_LIMIT_MS = 100;

    static PeerResults read(Path jsonl) throws IOException {
        return parse(Files.readAllLines(jsonl));
    }

    static PeerResults parse(List<String> lines) throws IOException {
        Map<Double, JsonNode> lastByRate = new TreeMap<>();
        JsonNode muc = null;
        String server = null;
        for (String line : lines) {
            if (line.isBlank() || !line.trim().startsWith("{")) {
                continue;
            }
            JsonNode j = FrameCodec.mapper().readTree(line);
            String test = j.path("test").asText();
            if (server == null && j.hasNonNull("server_version")) {
                server = j.path("server").asText("") + " " + j.path("server_version").asText() + " MAM "
                        + j.path("mam_db").asText("?");
            }
            if (test.equals("p2p_1to1") && j.has("target_rate")) {
                lastByRate.put(j.path("target_rate").asDouble(), j);
            } else if (test.equals("muc_fanout") && !j.has("error")
                    && (muc == null || j.path("members").asInt() >= muc.path("members").asInt())) {
                muc = j;
            }
        }
        double held = 0;
        Double p99AtHeld = null;
        Double cpuAtHeld = null;
        Double failed = null;
        Double failedP99 = null;
        for (Map.Entry<Double, JsonNode> e : lastByRate.entrySet()) {
            JsonNode j = e.getValue();
            if (holds(j)) {
                if (failed == null) {
                    held = e.getKey();
                    p99AtHeld = j.path("latency_ms").path("p99").asDouble();
                    cpuAtHeld = cpuMsPerMessage(j);
                }
            } else if (failed == null) {
                failed = e.getKey();
                failedP99 = j.path("latency_ms").has("p99") ? j.path("latency_ms").path("p99").asDouble() : null;
            }
        }
        return new PeerResults(held, p99AtHeld, cpuAtHeld, failed, failedP99,
                muc == null ? null : muc.path("fanout_complete_ms").path("p99").asDouble(),
                muc == null ? null : muc.path("members").asInt(), server);
    }

    /** No error, nothing lost, no error stanza, p99 below the limit. */
    static boolean holds(JsonNode j) {
        return !j.has("error") && j.path("lost").asLong(-1) == 0 && j.path("errors").asLong(-1) == 0
                && j.path("latency_ms").path("p99").asDouble(Double.MAX_VALUE) < P99_LIMIT_MS;
    }

    /** The server's CPU (% of one core, beam plus PostgreSQL) over its delivered rate, in ms per message. */
    static Double cpuMsPerMessage(JsonNode j) {
        JsonNode pct = j.path("cpu_pct_of_one_core").path("server");
        double rate = j.path("delivered_per_s").asDouble();
        return pct.isNumber() && rate > 0 ? AwsCalls.round(pct.asDouble() / 100 * 1000 / rate) : null;
    }

    Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("server", server);
        f.put("highestRateHeld", highestRateHeld);
        f.put("p99AtHeldMs", p99AtHeldMs);
        f.put("cpuMsPerMessageAtHeld", cpuMsPerMessageAtHeld);
        f.put("firstFailedRate", firstFailedRate);
        f.put("firstFailedP99Ms", firstFailedP99Ms);
        f.put("mucMembers", mucMembers);
        f.put("mucFanoutP99Ms", mucFanoutP99Ms);
        return f;
    }
}
