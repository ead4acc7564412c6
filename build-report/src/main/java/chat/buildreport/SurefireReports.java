package chat.buildreport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The test timings of one build, read from the Surefire and Failsafe XML reports under each module's
 * {@code target/}. A report that cannot be read is named in {@link #unreadable()} rather than failing the build: the
 * report is there to inform, the tests have already passed or failed.
 */
public final class SurefireReports {
    private static final List<String> REPORT_DIRS = List.of("surefire-reports", "failsafe-reports");

    /** A test class: its module, its name, its tests and its whole time (framework start included). */
    public record Suite(String module, String name, int tests, double seconds) {}

    /** A test case: its module, its class, its name (with a parameterised test's arguments) and its time. */
    public record Case(String module, String className, String name, double seconds) {}

    private final List<Suite> suites = new ArrayList<>();
    private final List<Case> cases = new ArrayList<>();
    private final List<Path> unreadable = new ArrayList<>();

    private SurefireReports() {}

    /**
     * Reads the reports of the modules directly under {@code root} (one level, as this repository lays them out)
     * written at or after {@code since}, so a local tree's reports of earlier runs are left out.
     */
    public static SurefireReports read(Path root, Instant since) throws IOException {
        SurefireReports reports = new SurefireReports();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                for (String dir : REPORT_DIRS) {
                    Path reportDir = module.resolve("target").resolve(dir);
                    if (!Files.isDirectory(reportDir)) {
                        continue;
                    }
                    try (Stream<Path> xml = Files.list(reportDir)) {
                        xml.filter(p -> p.getFileName().toString().startsWith("TEST-")
                                && p.getFileName().toString().endsWith(".xml")).sorted().forEach(files::add);
                    }
                }
            }
        }
        for (Path file : files) {
            if (Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
                continue;
            }
            String module = root.relativize(file).getName(0).toString();
            try (InputStream in = Files.newInputStream(file)) {
                reports.parse(module, in);
            } catch (XMLStreamException | NumberFormatException e) {
                reports.unreadable.add(file);
            }
        }
        return reports;
    }

    public List<Suite> suites() {
        return List.copyOf(suites);
    }

    public List<Case> cases() {
        return List.copyOf(cases);
    }

    public List<Path> unreadable() {
        return List.copyOf(unreadable);
    }

    private void parse(String module, InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // Reports are our own files, but a parser that resolves entities has no business in a build.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = factory.createXMLStreamReader(in);
        List<Case> found = new ArrayList<>();
        Suite suite = null;
        try {
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (xml.getLocalName()) {
                    case "testsuite" -> suite = new Suite(module, attribute(xml, "name"),
                            Integer.parseInt(attribute(xml, "tests", "0")), seconds(xml));
                    case "testcase" -> found.add(new Case(module, attribute(xml, "classname"),
                            attribute(xml, "name"), seconds(xml)));
                    default -> { }
                }
            }
        } finally {
            xml.close();
        }
        if (suite == null) {
            throw new XMLStreamException("no <testsuite> element");
        }
        suites.add(suite);
        cases.addAll(found);
    }

    private static double seconds(XMLStreamReader xml) {
        // Surefire writes "1234.5" but older versions and other tools write "1,234.5".
        return Double.parseDouble(attribute(xml, "time", "0").replace(",", ""));
    }

    private static String attribute(XMLStreamReader xml, String name) {
        return attribute(xml, name, "?");
    }

    private static String attribute(XMLStreamReader xml, String name, String absent) {
        String value = xml.getAttributeValue(null, name);
        return value == null || value.isBlank() ? absent : value;
    }
}
