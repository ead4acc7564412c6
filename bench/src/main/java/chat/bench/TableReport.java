package chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Targets table of issue 12 from the figures {@link TableScenario} measured (and the ejabberd peer's, when it
 * ran): one markdown row per figure — ours, ejabberd where comparable, floor, target, and whether the target, the
 * floor or neither is met. A figure that was not measured (its run failed) reads "—" and "not measured".
 */
final class TableReport {
    static final String RATE_100_ACKS = "rate100Acks";
    static final String RATE_100_NONE = "rate100NoAcks";
    static final String RATE_1000_ACKS = "rate1000Acks";
    static final String WRITE_UNITS = "writeUnitsPerMessage";
    static final String READ_UNITS = "readUnitsPerMessage";
    static final String SQS = "sqsRequestsPerMessage";
    static final String CPU_FUNCTIONS = "cpuMsFunctions";
    static final String CPU_BROKER = "cpuMsBroker";
    static final String USD = "usdPerMillionOnDemand";
    static final String USD_PROVISIONED = "usdPerMillionProvisioned";
    static final String ACK_FRAMES = "ackFramesPerMessage";
    static final String GROUP_ACKS_P99 = "group256AcksLastMemberP99Ms";
    static final String GROUP_ACKS_UNANSWERED = "group256AcksSendsUnansweredWithin10s";
    static final String GROUP_ACKS_SENDS = "group256AcksSends";
    static final String GROUP_NONE_P99 = "group256NoAcksLastMemberP99Ms";
    static final String GROUP_READ_UNITS = "group256ReadUnitsPerMessage";

    private TableReport() {
    }

    /** Whether lower or higher is better for a figure. */
    private enum Better {
        HIGHER, LOWER
    }

    static String markdown(Map<String, ? extends Number> ours, PeerResults peer) {
        List<String> out = new ArrayList<>();
        out.add("| figure | ours | ejabberd | floor | target | met? |");
        out.add("| --- | --- | --- | --- | --- | --- |");
        out.add(row("highest 1:1 rate, p99 < 100 ms, nothing lost, 100 users, acks as the reference client",
                num(ours, RATE_100_ACKS, "%.0f msgs/s"), peer == null ? "—" : "— (it sends no receipts: next row)",
                value(ours, RATE_100_ACKS), 250, 600, Better.HIGHER, "250", "≥ 600"));
        out.add(row("the same without acks (ejabberd's load shape)", num(ours, RATE_100_NONE, "%.0f msgs/s"),
                peer == null ? "—" : rate(peer), value(ours, RATE_100_NONE), 400, 1000, Better.HIGHER, "400",
                "≥ 1,000"));
        out.add(row("the same with 1,000 users, acks", num(ours, RATE_1000_ACKS, "%.0f msgs/s"), "—",
                value(ours, RATE_1000_ACKS), 250, 600, Better.HIGHER, "250", "600"));
        out.add(row("DynamoDB write units per message, acks included", num(ours, WRITE_UNITS, "%.2f"), "—",
                value(ours, WRITE_UNITS), 2.0, 1.5, Better.LOWER, "≤ 2.0", "≤ 1.5"));
        out.add(row("DynamoDB read units per message, acks included", num(ours, READ_UNITS, "%.2f"), "—",
                value(ours, READ_UNITS), 1.0, 0.5, Better.LOWER, "≤ 1.0", "≤ 0.5"));
        out.add(row("SQS requests per 1:1 message", num(ours, SQS, "%.2f"), "—", value(ours, SQS), 0.5, 0.3,
                Better.LOWER, "≤ 0.5", "≤ 0.3"));
        Double fn = value(ours, CPU_FUNCTIONS);
        Double br = value(ours, CPU_BROKER);
        Double cpu = fn == null || br == null ? null : fn + br;
        String cpuText = cpu == null ? "—" : String.format("%.2f (functions %.2f, broker %.2f)", cpu, fn, br);
        String peerCpu = peer == null || peer.cpuMsPerMessageAtHeld() == null ? "—"
                : String.format("%.2f (all server processes, at %.0f msgs/s)", peer.cpuMsPerMessageAtHeld(),
                        peer.highestRateHeld());
        out.add(row("CPU-ms per message in functions + broker, acks included", cpuText, peerCpu, cpu, 3.0, 1.5,
                Better.LOWER, "≤ 3.0", "≤ 1.5"));
        Double usd = value(ours, USD);
        Double prov = value(ours, USD_PROVISIONED);
        String usdText = usd == null ? "—" : String.format("$%.2f on demand; $%.2f provisioned", usd,
                prov == null ? Double.NaN : prov);
        out.add(row("$ per million messages, acks included (on-demand list prices; provisioned too)", usdText, "—",
                usd, 1.60, 1.20, Better.LOWER, "≤ 1.60", "≤ 1.20"));
        Double gp99 = value(ours, GROUP_ACKS_P99);
        Double unanswered = value(ours, GROUP_ACKS_UNANSWERED);
        Double sends = value(ours, GROUP_ACKS_SENDS);
        String groupText = gp99 == null ? "—" : String.format("p99 %.0f ms; %s of %s sends unanswered within 10 s",
                gp99, unanswered == null ? "?" : String.format("%.0f", unanswered),
                sends == null ? "?" : String.format("%.0f", sends));
        // No send may go unanswered at the floor or the target: an unanswered send misses both.
        Double groupJudged = gp99 == null || unanswered == null ? null : unanswered > 0 ? Double.MAX_VALUE : gp99;
        String peerMuc = peer == null || peer.mucFanoutP99Ms() == null ? "—"
                : String.format("p99 %.0f ms (%d members, no receipts)", peer.mucFanoutP99Ms(), peer.mucMembers());
        out.add(row("256-member group, all online, 1 sender at 10 msgs/s, members acking: last member p99",
                groupText, peerMuc, groupJudged, 80, 22, Better.LOWER, "≤ 80 ms, no send unanswered", "≤ 22 ms"));
        out.add(row("the same without acks", num(ours, GROUP_NONE_P99, "p99 %.0f ms"), peerMuc,
                value(ours, GROUP_NONE_P99), 60, 22, Better.LOWER, "≤ 60 ms", "≤ 22 ms"));
        out.add(row("DynamoDB read units per 256-member group message", num(ours, GROUP_READ_UNITS, "%.1f"), "—",
                value(ours, GROUP_READ_UNITS), 40, 10, Better.LOWER, "≤ 40", "≤ 10"));
        return String.join("\n", out) + "\n";
    }

    private static String row(String figure, String ours, String peer, Double judged, double floor, double target,
            Better better, String floorText, String targetText) {
        return "| " + figure + " | " + ours + " | " + peer + " | " + floorText + " | " + targetText + " | "
                + verdict(judged, floor, target, better) + " |";
    }

    static String verdict(Double value, double floor, double target, Better better) {
        if (value == null || value.isNaN()) {
            return "not measured";
        }
        if (meets(value, target, better)) {
            return "**target**";
        }
        return meets(value, floor, better) ? "floor" : "no";
    }

    private static boolean meets(double value, double bound, Better better) {
        return better == Better.HIGHER ? value >= bound : value <= bound;
    }

    private static String rate(PeerResults peer) {
        String broke = peer.firstFailedRate() == null ? "none failed"
                : String.format("%.0f fails%s", peer.firstFailedRate(), peer.firstFailedP99Ms() == null ? ""
                        : String.format(", p99 %.0f ms", peer.firstFailedP99Ms()));
        return String.format("%.0f msgs/s (p99 %s ms; %s)", peer.highestRateHeld(),
                peer.p99AtHeldMs() == null ? "?" : String.format("%.0f", peer.p99AtHeldMs()), broke);
    }

    private static Double value(Map<String, ? extends Number> ours, String key) {
        Number n = ours.get(key);
        return n == null ? null : n.doubleValue();
    }

    private static String num(Map<String, ? extends Number> ours, String key, String format) {
        Double v = value(ours, key);
        return v == null ? "—" : String.format(format, v);
    }
}
