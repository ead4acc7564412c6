package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.bench.ConnectionBudget.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the connections scenario: reading /proc and jcmd output, and what fits under the limits. */
class ConnectionLimitsTest {
    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max open files            20000                40000                files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void theOpenFileRowOfProcLimitsGivesSoftAndHard() {
        assertThat(OpenFileLimit.parse(LIMITS)).isEqualTo(new OpenFileLimit(20000, 40000));
        assertThat(OpenFileLimit.parse(LIMITS.replace("20000                40000", "unlimited            unlimited")))
                .isEqualTo(new OpenFileLimit(OpenFileLimit.UNLIMITED, OpenFileLimit.UNLIMITED));
        assertThatThrownBy(() -> OpenFileLimit.parse("Limit Soft Hard\n")).hasMessageContaining("Max open files");
    }

    @Test
    void thisProcessHasAnOpenFileLimitAndOpenFiles() {
        OpenFileLimit own = OpenFileLimit.of("self");
        assertThat(own.soft()).isPositive().isLessThanOrEqualTo(own.hard());
        assertThat(OpenFileLimit.openFiles("self")).isPositive();
    }

    @Test
    void theTighterSideCapsTheAimAndIsNamedWithItsNumbers() {
        OpenFileLimit fixed = new OpenFileLimit(20000, 20000);
        ConnectionBudget b = ConnectionBudget.of(50000, List.of(new Side("broker", fixed, 300, false),
                new Side("load generator", fixed, 200, false)));
        assertThat(b.aim()).isEqualTo(20000 - 300 - ConnectionBudget.RESERVE);
        assertThat(b.limitedBy()).startsWith("broker open-file limit 20000 (hard, cannot be raised here)")
                .contains("room for 19,444").contains("the 300 files it has open")
                .contains("; load generator open-file limit 20000 (hard, cannot be raised here): room for 19,544");
    }

    @Test
    void aSoftLimitBelowTheHardOneSaysHowToRaiseIt() {
        ConnectionBudget b = ConnectionBudget.of(50000, List.of(new Side("broker", new OpenFileLimit(1024, 524288),
                100, false)));
        assertThat(b.limitedBy()).contains("soft; hard 524288").contains("ulimit -n 524288");
    }

    @Test
    void whatFitsIsAimedAtInFullWithNoReason() {
        ConnectionBudget b = ConnectionBudget.of(40, List.of(new Side("broker", new OpenFileLimit(20000, 20000), 300,
                false), new Side("load generator", new OpenFileLimit(OpenFileLimit.UNLIMITED, OpenFileLimit.UNLIMITED),
                100, false)));
        assertThat(b).isEqualTo(new ConnectionBudget(40, null));
    }

    @Test
    void heapInUseIsTheSumOfTheTopLevelRegionsOfHeapInfo() {
        String g1 = """
                18647:
                 garbage-first heap   total 397312K, used 17946K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 4 young (16384K), 0 survivors (0K)
                 Metaspace       used 8925K, committed 9088K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """;
        String serial = """
                 def new generation   total 116160K, used 18593K [0x0000000687400000, 0x000000068f200000)
                  eden space 103296K,  18% used [0x0000000687400000, 0x00000006886286b0, 0x000000068d8e0000)
                 tenured generation   total 258048K, used 1000K [0x0000000704d50000, 0x0000000714950000)
                 Metaspace       used 8910K, committed 9088K, reserved 1114112K
                """;
        assertThat(ProcessMemory.heapUsedKiB(g1)).isEqualTo(17946);
        assertThat(ProcessMemory.heapUsedKiB(serial)).isEqualTo(18593 + 1000);
        assertThatThrownBy(() -> ProcessMemory.heapUsedKiB("1234:\nAttach failed")).hasMessageContaining("no heap");
    }

    @Test
    void residentSetSizeComesFromVmRss() {
        assertThat(ProcessMemory.rssKiB("Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 1 kB\n"))
                .isEqualTo(123456);
    }

    @Test
    void onlyEstablishedConnectionsOnTheLocalPortCount() {
        String table = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31187 1
                   1: 0100007F:1F90 0100007F:B88C 01 00000000:00000000 00:00000000 00000000     0        0 31188 1
                   2: 0100007F:1F90 0100007F:B88D 01 00000000:00000000 00:00000000 00000000     0        0 31189 1
                   3: 0100007F:B88C 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 31190 1
                   4: 0100007F:1F90 0100007F:B88E 06 00000000:00000000 03:000005F8 00000000     0        0 0 3
                   5: 0100007F:11F90 0100007F:B88F 01 00000000:00000000 00:00000000 00000000     0        0 31191 1
                """;
        assertThat(TcpSockets.established(table, 8080)).isEqualTo(2);
    }
}
