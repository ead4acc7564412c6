package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableReportTest {
    private static Map<String, Number> today() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put(TableReport.RATE_100_ACKS, 25.0);
        m.put(TableReport.RATE_100_NONE, 450.0);
        m.put(TableReport.RATE_1000_ACKS, 700.0);
        m.put(TableReport.WRITE_UNITS, 4.3);
        m.put(TableReport.READ_UNITS, 0.5);
        m.put(TableReport.SQS, 1.3);
        m.put(TableReport.CPU_FUNCTIONS, 15.0);
        m.put(TableReport.CPU_BROKER, 5.0);
        m.put(TableReport.USD, 4.7);
        m.put(TableReport.USD_PROVISIONED, 2.1);
        m.put(TableReport.GROUP_ACKS_P99, 20.0);
        m.put(TableReport.GROUP_ACKS_UNANSWERED, 97);
        m.put(TableReport.GROUP_ACKS_SENDS, 150);
        m.put(TableReport.GROUP_READ_UNITS, 292.0);
        return m;
    }

    private static String row(String markdown, String figureStart) {
        return markdown.lines().filter(l -> l.startsWith("| " + figureStart)).findFirst().orElseThrow();
    }

    @Test
    void eachRowSaysWhetherTheTargetTheFloorOrNeitherIsMet() {
        String md = TableReport.markdown(today(), null);
        assertThat(row(md, "highest 1:1 rate")).contains("| 25 msgs/s |").endsWith("| no |");
        assertThat(row(md, "the same without acks")).contains("450 msgs/s").endsWith("| floor |");
        assertThat(row(md, "the same with 1,000 users")).endsWith("| **target** |");
        assertThat(row(md, "DynamoDB read units per message")).endsWith("| **target** |");
        assertThat(row(md, "CPU-ms")).contains("20.00 (functions 15.00, broker 5.00)").endsWith("| no |");
        assertThat(row(md, "$ per million")).contains("$4.70 on demand; $2.10 provisioned");
    }

    @Test
    void anUnansweredGroupSendMissesEvenAFastP99() {
        String md = TableReport.markdown(today(), null);
        assertThat(row(md, "256-member group")).contains("p99 20 ms; 97 of 150 sends unanswered within 10 s")
                .endsWith("| no |");
    }

    @Test
    void aFigureThatWasNotMeasuredSaysSo() {
        String md = TableReport.markdown(today(), null);
        assertThat(row(md, "the same without acks |")).contains("| — |").endsWith("| not measured |");
        assertThat(md.lines().filter(l -> l.startsWith("| ")).count()).as("header, rule, 11 figures")
                .isEqualTo(2 + 11);
    }

    @Test
    void thePeerIsShownWhereItIsComparable() {
        PeerResults peer = new PeerResults(800, 41.9, 1.67, 900.0, 541.0, 37.9, 256, "ejabberd");
        String md = TableReport.markdown(today(), peer);
        assertThat(row(md, "the same without acks (ejabberd")).contains("800 msgs/s (p99 42 ms; 900 fails, p99 541 ms)");
        assertThat(row(md, "CPU-ms")).contains("1.67 (all server processes, at 800 msgs/s)");
        assertThat(row(md, "256-member group")).contains("p99 38 ms (256 members, no receipts)");
    }
}
