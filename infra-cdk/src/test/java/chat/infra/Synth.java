package chat.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * Synthesizes the app once per configuration and JVM (the jsii node runtime is slow to start; synth is not), into an
 * output directory under target/, and shares the result between the test classes.
 */
final class Synth {
    static final String REGION = "eu-west-1";
    static final String ECR_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/chat/broker:1.2.3";
    static final String CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-1111-2222-3333-444444444444";

    /** One synthesized stack. */
    record Result(String stage, ChatStack stack, Template template, Map<String, Object> json, Path outdir,
            CloudAssembly assembly, Annotations annotations) {
        String prefix() {
            return "chat-" + stage + "-";
        }

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources() {
            return (Map<String, Map<String, Object>>) (Map<String, ?>) json.get("Resources");
        }
    }

    private static Result dev;
    private static Result prod;

    private Synth() {
    }

    /** Stage dev, all defaults: broker image built from the repository root, HTTP only, JVM functions. */
    static synchronized Result dev() {
        if (dev == null) {
            dev = synth("dev", Map.of());
        }
        return dev;
    }

    /** The web client's origin in the prod synth. */
    static final String WEB_ORIGIN = "https://chat.example.com";

    /** The push credentials secret of the prod synth. */
    static final String PUSH_SECRET = "chat/prod/push";

    /**
     * Stage prod with a certificate, a prebuilt ECR broker image, an alarm e-mail, native functions, push
     * credentials for Web Push and APNs, and the web client's origin.
     */
    static synchronized Result prod() {
        if (prod == null) {
            prod = synth("prod", Map.of(
                    "certificateArn", CERT,
                    "brokerImage", ECR_IMAGE,
                    "alarmEmail", "oncall@example.com",
                    "native", "true",
                    "pushSecret", PUSH_SECRET,
                    "pushServices", "webpush, apns",
                    "webOrigin", WEB_ORIGIN));
        }
        return prod;
    }

    private static boolean cleaned;

    static synchronized Path workDir(String name) {
        try {
            Path target = Files.createDirectories(Path.of("target"));
            if (!cleaned) {
                // drop what earlier runs left (each dev synth stages the broker's build context)
                cleaned = true;
                try (Stream<Path> old = Files.list(target)) {
                    for (Path dir : old.filter(p -> p.getFileName().toString().matches("(synth-|missing-|out-).*"))
                            .toList()) {
                        deleteTree(dir);
                    }
                }
            }
            return Files.createTempDirectory(target, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A stand-in for one of the functions' Lambda zips ({@code name}/function.zip, distinct content per name). */
    static Path fakeFunctionZip(Path dir, String name) {
        Path zip = dir.resolve(name).resolve("function.zip");
        try {
            Files.createDirectories(zip.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("lib/placeholder.txt"));
            z.write(("not a real function: " + name).getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    @SuppressWarnings("unchecked")
    private static Result synth(String stage, Map<String, String> extra) {
        Path work = workDir("synth-" + stage + "-");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stage", stage);
        context.put("region", REGION);
        context.put("functionsAsset", fakeFunctionZip(work, "lambda-api").toString());
        context.put("workersAsset", fakeFunctionZip(work, "lambda-workers").toString());
        context.putAll(extra);
        Path outdir = work.resolve("cdk.out");
        App app = ChatApp.app(context, outdir.toString());
        ChatStack stack = ChatApp.build(app);
        CloudAssembly assembly = app.synth();
        Template template = Template.fromStack(stack);
        Map<String, Object> json;
        try {
            // a plain-Java copy of the template: the tests walk it without crossing into node each time
            json = new ObjectMapper().readValue(
                    outdir.resolve(stack.getTemplateFile()).toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(stage, stack, template, json, outdir, assembly, Annotations.fromStack(stack));
    }

    static List<String> list(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(o));
    }
}
