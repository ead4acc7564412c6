package chat.buildreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlowestTestsTest {
    private static final Instant BUILD_START = Instant.parse("2026-12-04T17:00:00Z");

    @TempDir
    Path root;

    @Test
    void listsTheSlowestClassesAndCasesOfAllModulesSlowestFirst() throws IOException {
        report("functions", "surefire-reports", "chat.functions.SendTest", 40.5,
                testcase("chat.functions.SendTest", "storesOnce", 2.0),
                testcase("chat.functions.SendTest", "startsTheApp", 31.25));
        report("src-test", "surefire-reports", "chat.e2e.ChatEndToEndTest", 95.0,
                testcase("chat.e2e.ChatEndToEndTest", "deliversToAllDevices", 90.0));
        report("shared-model", "surefire-reports", "chat.model.CodecTest", 0.4,
                testcase("chat.model.CodecTest", "decodes", 0.4));

        String out = print(2);

        assertThat(out).contains("Test time of this build: 2 min 16 s in 3 classes, 4 tests");
        assertThat(out).containsSubsequence("Slowest test classes:", "1 min 35 s  ChatEndToEndTest (src-test, 1 test)",
                "40.5 s  SendTest (functions, 2 tests)", "Slowest test cases:",
                "1 min 30 s  ChatEndToEndTest.deliversToAllDevices (src-test)",
                "31.3 s  SendTest.startsTheApp (functions)");
        assertThat(out).doesNotContain("CodecTest (").doesNotContain("storesOnce");
        assertThat(out).containsSubsequence("By module:", "src-test", "functions", "shared-model");
    }

    @Test
    void leavesOutReportsWrittenBeforeTheBuildStarted() throws IOException {
        Path stale = report("functions", "surefire-reports", "chat.functions.OldTest", 500.0,
                testcase("chat.functions.OldTest", "fromYesterday", 500.0));
        Files.setLastModifiedTime(stale, FileTime.from(BUILD_START.minusSeconds(3600)));
        report("functions", "failsafe-reports", "chat.functions.NewIT", 3.0,
                testcase("chat.functions.NewIT", "today", 3.0));

        String out = print(10);

        assertThat(out).contains("NewIT.today").doesNotContain("OldTest");
    }

    @Test
    void namesAnUnreadableReportInsteadOfFailing() throws IOException {
        Path broken = root.resolve("client/target/surefire-reports/TEST-chat.client.Half.xml");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "<testsuite name=\"chat.client.Half\" time=\"1.0\"><testcase");
        report("client", "surefire-reports", "chat.client.Whole", 1.5, testcase("chat.client.Whole", "ok", 1.5));

        String out = print(10);

        assertThat(out).contains("Whole.ok").contains("unreadable report left out: " + broken);
        assertThat(out).doesNotContain("Half (");
    }

    @Test
    void readsThousandsSeparatorsAndMissingTimesAsOlderToolsWriteThem() throws IOException {
        report("bench", "surefire-reports", "chat.bench.Long", 1234.5,
                "<testcase classname=\"chat.bench.Long\" name=\"soak\" time=\"1,234.5\"/>",
                "<testcase classname=\"chat.bench.Long\" name=\"untimed\"/>");

        String out = print(10);

        assertThat(out).contains("20 min 35 s  Long.soak (bench)").contains("0.0 s  Long.untimed (bench)");
    }

    private String print(int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SlowestTests.print(SurefireReports.read(root, BUILD_START), count,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Path report(String module, String dir, String suite, double seconds, String... cases) throws IOException {
        Path file = root.resolve(module).resolve("target").resolve(dir).resolve("TEST-" + suite + ".xml");
        Files.createDirectories(file.getParent());
        String time = seconds >= 1000 ? String.format(Locale.ROOT, "%,.1f", seconds) : Double.toString(seconds);
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + suite
                + "\" time=\"" + time + "\" tests=\"" + cases.length + "\">\n" + String.join("\n", cases)
                + "\n</testsuite>\n");
        Files.setLastModifiedTime(file, FileTime.from(BUILD_START.plusSeconds(60)));
        return file;
    }

    private static String testcase(String className, String name, double seconds) {
        return "<testcase classname=\"" + className + "\" name=\"" + name + "\" time=\"" + seconds + "\"/>";
    }
}
