package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import chat.e2e.SharedSystem;
import chat.system.ChatSystem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The benchmark scenarios run end to end at a tiny size, so that they keep working between benchmark runs. */
@ExtendWith(SharedSystem.class)
class BenchScenariosSmokeTest {
    @Test
    void theGroupScenarioAccountsForEveryMessageOnEveryScreenAndOnSync(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--group-members", "6", "--group-online", "4",
                "--group-messages", "20", "--group-warmup", "2", "--group-rate", "50"});
        ScenarioResult r = new GroupFanoutScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("deliveries", 20L * 3).containsEntry("offlineMembersSynced", 2)
                .containsEntry("acks", "client").containsEntry("acksConfirmed", true);
        assertThat((Double) r.figures().get("dynamoWriteRequestsPerMessage")).isGreaterThan(0);
        assertCostFigures(r);
    }

    @Test
    void theGroupScenarioSendsBodiesOfTheSizeAskedFor(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--group-members", "3", "--group-online", "3",
                "--group-messages", "5", "--group-warmup", "1", "--group-rate", "50", "--group-body-bytes", "65536"});
        ScenarioResult r = new GroupFanoutScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("deliveries", 5L * 2).containsEntry("bodyBytes", 65536);
        // a 64 KiB message item costs 64 write units and more; a short one costs one
        assertThat((Double) r.figures().get("dynamoWriteUnitsPerMessage")).isGreaterThan(64.0);
    }

    @Test
    void theSequentialScenarioMeasuresEveryMessage(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--sequential-messages", "20", "--sequential-warmup", "2"});
        ScenarioResult r = new SequentialScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("messages", 20);
        assertThat((Double) r.figures().get("deliveryP50Ms")).isPositive();
        assertCostFigures(r);
    }

    @Test
    void byDefaultTheReceiverAcksDeliveredAndReadAndTheSenderGetsTheReceipts(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--sequential-messages", "20", "--sequential-warmup", "2"});
        ScenarioResult r = new SequentialScenario().run(BenchContext.of(system), args);
        // acksConfirmed: the server answered delivered and read up to the last message shown
        assertThat(r.figures()).containsEntry("acks", "client").containsEntry("acksConfirmed", true);
        assertThat((Long) r.figures().get("ackFrames")).isPositive();
        assertThat((Long) r.figures().get("receiptsAtSender")).isPositive();
    }

    @Test
    void withAcksNoneTheReceiverSendsNoAckAndTheSenderGetsNoReceipt(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--sequential-messages", "20", "--sequential-warmup", "2",
                "--acks", "none"});
        ScenarioResult r = new SequentialScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("acks", "none").containsEntry("ackFrames", 0L)
                .containsEntry("receiptsAtSender", 0L).doesNotContainKey("acksConfirmed");
    }

    /**
     * Every message is stored (write units) and handled (CPU), so those figures must be positive. A direct message
     * reads nothing while the fleet is small (its pushes go by user to every broker) and reaches SQS only when its
     * inline push fails, so the read and SQS figures may be 0.
     */
    @SuppressWarnings("unchecked")
    private static void assertCostFigures(ScenarioResult r) {
        Map<String, Object> f = r.figures();
        assertThat((Double) f.get("dynamoWriteUnitsPerMessage")).isGreaterThanOrEqualTo(1.0);
        assertThat((Double) f.get("dynamoReadUnitsPerMessage")).isNotNegative();
        assertThat((Double) f.get("dynamoReadRequestsPerMessage")).isNotNegative();
        assertThat((Double) f.get("sqsRequestsPerMessage")).isNotNegative();
        assertThat((Map<String, Double>) f.get("cpuSecondsPer1000Messages"))
                .containsKeys("functions", "broker", "dynalite", "elasticmq", "loadGenerator")
                .allSatisfy((process, seconds) -> assertThat(seconds).as(process).isNotNegative())
                .hasEntrySatisfying("functions", s -> assertThat(s).isPositive())
                .hasEntrySatisfying("broker", s -> assertThat(s).isPositive())
                .hasEntrySatisfying("loadGenerator", s -> assertThat(s).isPositive());
        Map<String, Double> usd = (Map<String, Double>) f.get("usdPerMillionMessages");
        assertThat(usd).containsKeys("dynamoWrites", "dynamoReads", "sqs", "compute", "total");
        assertThat(usd.get("dynamoWrites")).isPositive();
        assertThat(usd.get("sqs")).isNotNegative();
        assertThat(usd.get("compute")).isPositive();
        assertThat(usd.get("total")).isCloseTo(usd.get("dynamoWrites") + usd.get("dynamoReads") + usd.get("sqs")
                + usd.get("compute"), within(0.001));
        assertThat((String) f.get("computeAssumption")).contains("Lambda", "Fargate");
    }

    @Test
    void theMediaScenarioSendsAndDownloadsThroughTheCliAndResumesACutUpload(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--media-mb", "10", "--media-memory-mb", "10",
                "--media-runs", "1"});
        ScenarioResult r = new MediaScenario().run(BenchContext.of(system), args);
        assertThat((Double) r.figures().get("cliUploadMBps")).isPositive();
        assertThat((Double) r.figures().get("rawDownloadMBps")).isPositive();
        assertThat((Long) r.figures().get("resumedParts")).isEqualTo(1L); // 10 MB: two parts, cut in the second
    }

    @Test
    void theHistoryScenarioHasANewlyLinkedDeviceOpenEveryStoredMessage(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--history-messages", "40", "--history-in-flight", "8"});
        ScenarioResult r = new NewDeviceHistoryScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("messages", 40);
        assertThat((Long) r.figures().get("startToAllShownMs")).isPositive();
    }

    @Test
    void theSteadyScenarioShowsEveryMessageToItsReaderOnceAndInOrder(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--steady-users", "8", "--steady-contacts", "2",
                "--steady-rate", "40", "--steady-seconds", "1", "--steady-warmup-seconds", "0"});
        ScenarioResult r = new SteadyScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("sent", 40L).containsEntry("delivered", 40L)
                .containsEntry("lost", 0L).containsEntry("failedSends", 0L).containsEntry("conversations", 16)
                .containsEntry("acks", "client").containsEntry("acksConfirmed", true);
        assertThat((Double) r.figures().get("deliveryP99Ms")).isPositive();
    }

    @Test
    void theSaturationScenarioStopsAtItsCeilingAndReportsEveryStep(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--saturation-users", "8", "--saturation-contacts", "2",
                "--saturation-start", "10", "--saturation-factor", "2", "--saturation-seconds", "1",
                "--saturation-max", "40"});
        ScenarioResult r = new SaturationScenario().run(BenchContext.of(system), args);
        assertThat((java.util.List<?>) r.figures().get("steps")).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat((Double) r.figures().get("highestRateHeld")).isLessThanOrEqualTo(40.0);
    }

    @SuppressWarnings("unchecked")
    @Test
    void theTableCommandFillsEveryRowFromItsRunsAndWritesTheRawFigures(ChatSystem system,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path out = dir.resolve("table.json");
        BenchArgs args = BenchArgs.parse(new String[] {"--table-users", "12", "--table-big-users", "0",
                "--table-start", "10", "--table-factor", "2", "--table-refine", "1", "--table-seconds", "1",
                "--table-max", "20", "--table-cost-rate", "20", "--table-cost-seconds", "1",
                "--table-group-members", "4", "--table-group-messages", "5", "--table-out", out.toString()});
        ScenarioResult r = new TableScenario().run(BenchContext.of(system), args);
        assertThat((Map<String, Object>) r.figures().get("failures")).isEmpty();
        assertThat((Map<String, Object>) r.figures().get("table")).containsKeys(TableReport.RATE_100_ACKS,
                TableReport.RATE_100_NONE, TableReport.WRITE_UNITS, TableReport.READ_UNITS, TableReport.SQS,
                TableReport.CPU_FUNCTIONS, TableReport.CPU_BROKER, TableReport.USD, TableReport.USD_PROVISIONED,
                TableReport.GROUP_ACKS_P99, TableReport.GROUP_ACKS_UNANSWERED, TableReport.GROUP_NONE_P99,
                TableReport.GROUP_READ_UNITS);
        String json = java.nio.file.Files.readString(out);
        assertThat(json).contains("\"commit\"", "\"markdown\"", "saturation100NoAcks", "group256Acks");
    }

    @Test
    void theConnectionsScenarioHoldsEveryConnectionAndMeasuresTheBroker(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--connections-count", "40", "--connections-hold-seconds", "1"});
        ScenarioResult r = new ConnectionsScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("held", 40).containsEntry("droppedWhileHeld", 0)
                .containsEntry("stillOpenAfterHold", true).containsEntry("stopReason", null)
                .containsEntry("abortedAtClose", 0);
        // The functions' HTTP connections to the broker's callback API share its port: a few more may be counted.
        assertThat((Integer) r.figures().get("brokerEstablishedWhileHeld")).isBetween(40, 48);
        assertThat((Long) r.figures().get("brokerOpenFileLimit")).isPositive();
        assertThat((Double) r.figures().get("heapBaselineMiB")).isPositive();
        assertThat((Double) r.figures().get("heapHeldMiB")).isPositive();
        assertThat((Double) r.figures().get("rssHeldMiB")).isPositive();
        assertThat(r.figures().get("heapPerConnectionKiB")).isInstanceOf(Double.class);
        assertThat(r.figures().get("rssPerConnectionKiB")).isInstanceOf(Double.class);
        assertThat((Long) r.figures().get("connectPerSecond")).isPositive();
        assertThat((Double) r.figures().get("dynamoWriteRequestsPerConnection")).isPositive();
        assertThat(r.met()).isFalse();
    }
}
