package chat.bench;

import chat.cli.ChatCli;
import chat.client.ChatHttpApi;
import chat.client.MediaApi;
import chat.client.media.AttachmentSender;
import chat.client.media.BlobTransfers;
import chat.client.media.RetryPolicy;
import chat.client.media.TransferProgress;
import chat.client.media.Uploader;
import chat.client.store.LocalStore;
import chat.localstack.AwsClients;
import chat.model.Ids;
import chat.model.schema.Buckets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Media through the CLI against the raw S3 engine on this machine (issue 15's figures): a file sent with
 * {@code chat send --file} and saved with {@code chat download}, both encrypted and checked, against the same bytes
 * PUT and GET straight to the engine with one presigned URL each; the time to resume an upload cut at 60 %, against a
 * whole upload; and the heap the sending side grows by while it sends a large file (it streams).
 */
final class MediaScenario implements Scenario {
    private static final Pattern CONVERSATION = Pattern.compile("SENT (dm\\.\\S+) seq=(\\d+)");
    private static final double MB = 1e6;
    /** The heap the CLI is given to send the large file: far less than the file, so the send must stream. */
    private static final int CLI_HEAP_MB = 48;

    @Override
    public String name() {
        return "media";
    }

    @Override
    public String summary() {
        return "a file through the CLI (encrypted, in parts) vs the raw S3 engine; resume at 60 %; sender heap";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("media-mb", "50", "size of the file sent (MB)"),
                new Option("media-memory-mb", "100", "size of the file whose send's heap growth is measured (MB)"),
                new Option("media-runs", "3", "runs of each transfer; the median is reported"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        if (context.system() == null) {
            throw new IllegalArgumentException("the media scenario needs the system it starts (no --api)");
        }
        int sizeMb = args.integer("media-mb", 50);
        int memoryMb = args.integer("media-memory-mb", 100);
        int runs = Math.max(1, args.integer("media-runs", 3));
        Path dir = Files.createTempDirectory("chat-bench-media");
        try {
            Path file = randomFile(dir.resolve("file.bin"), sizeMb * 1_000_000L);
            URI s3 = context.system().s3Endpoint();
            String bucket = Buckets.Media.DEF.fullName(chat.localstack.LocalStackConfig.DEFAULT_PREFIX);
            Cli cli = new Cli(context, dir.resolve("profiles"));
            String alice = cli.account("alice");
            String bob = cli.account("bob");

            double[] rawUp = new double[runs];
            double[] rawDown = new double[runs];
            double[] up = new double[runs];
            double[] down = new double[runs];
            for (int r = 0; r < runs; r++) {
                double[] raw = raw(s3, bucket, file, dir.resolve("raw-" + r));
                rawUp[r] = raw[0];
                rawDown[r] = raw[1];
                long t0 = System.nanoTime();
                String sent = cli.ok(alice, "send", "@" + bob, "--file", file.toString(), "--wait", "0");
                up[r] = seconds(t0);
                Matcher m = CONVERSATION.matcher(sent);
                if (!m.find()) {
                    throw new BenchFailure("send printed no SENT line: " + sent);
                }
                Path into = dir.resolve("down-" + r);
                long t1 = System.nanoTime();
                cli.ok(bob, "download", m.group(1), m.group(2), "--to", into.toString());
                down[r] = seconds(t1);
                if (Files.mismatch(file, into.resolve("file.bin")) != -1) {
                    throw new BenchFailure("the downloaded file differs from the one sent");
                }
                Files.delete(into.resolve("file.bin"));
            }
            double[] resume = resume(context, dir, file);
            long peakRss = cliProcessPeak(context, cli, alice, bob, dir, memoryMb * 1_000_000L, CLI_HEAP_MB);

            Map<String, Object> f = new LinkedHashMap<>();
            double mb = sizeMb;
            f.put("fileMb", sizeMb);
            f.put("runs", runs);
            f.put("rawUploadMBps", round(mb / median(rawUp)));
            f.put("cliUploadMBps", round(mb / median(up)));
            f.put("uploadRatio", round(median(rawUp) / median(up)));
            f.put("rawDownloadMBps", round(mb / median(rawDown)));
            f.put("cliDownloadMBps", round(mb / median(down)));
            f.put("downloadRatio", round(median(rawDown) / median(down)));
            f.put("wholeUploadSeconds", round(resume[0]));
            f.put("resumeAfter60PercentSeconds", round(resume[1]));
            f.put("resumedParts", (long) resume[2]);
            f.put("memoryFileMb", memoryMb);
            f.put("cliHeapCapMb", CLI_HEAP_MB);
            f.put("cliPeakRssMb", round(peakRss / MB));
            f.put("uploadOnlyMBps", round(mb / resume[0]));
            f.put("resumeResentFraction", round(resume[3]));
            boolean met = resume[2] > 0 && resume[3] < 0.5;
            String headline = String.format(java.util.Locale.ROOT,
                    "%d MB: send %.0f MB/s (upload alone %.0f; raw PUT %.0f), download %.0f MB/s (raw GET %.0f); "
                            + "resume at 60%%: %.0f%% re-sent, %.2f s vs %.2f s; CLI -Xmx%dm sends %d MB, RSS %.0f MB",
                    sizeMb, mb / median(up), mb / resume[0], mb / median(rawUp), mb / median(down),
                    mb / median(rawDown), resume[3] * 100, resume[1], resume[0], CLI_HEAP_MB, memoryMb,
                    peakRss / MB);
            return new ScenarioResult(name(), f, headline, "resume re-sends < 50 %", met);
        } finally {
            deleteTree(dir);
        }
    }

    /** Seconds for one presigned PUT and one GET of the plain file, straight to the engine. */
    private static double[] raw(URI s3, String bucket, Path file, Path copy) throws IOException {
        String key = "bench/" + Ids.random(8);
        BlobTransfers transfers = new BlobTransfers();
        try (S3Presigner presigner = AwsClients.s3Presigner(s3)) {
            long size = Files.size(file);
            URI put = URI.create(presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(r -> r.bucket(bucket).key(key).contentLength(size))).url().toString());
            URI get = URI.create(presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(r -> r.bucket(bucket).key(key))).url().toString());
            long t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                transfers.putPart(put, in, size);
            }
            double upSeconds = seconds(t0);
            long t1 = System.nanoTime();
            try (InputStream in = transfers.get(get); OutputStream out = Files.newOutputStream(copy)) {
                in.transferTo(out);
            }
            double downSeconds = seconds(t1);
            Files.delete(copy);
            return new double[] {upSeconds, downSeconds};
        }
    }

    /** {whole upload s, resume after a cut at 60 % s, parts already stored, fraction of the blob re-sent}. */
    private static double[] resume(BenchContext context, Path dir, Path file) throws Exception {
        BenchUser alice = BenchUser.register(context.api(), "alice");
        BenchUser bob = BenchUser.register(context.api(), "bob");
        String dm = Ids.directConversationId(alice.userId, bob.userId);
        MediaApi api = new MediaApi(new ChatHttpApi(context.api()));
        try (LocalStore store = LocalStore.open(dir.resolve("resume-store"))) {
            double whole = Double.MAX_VALUE;
            for (int warm = 0; warm < 2; warm++) { // the first run pays for the JIT; the resume comes after it
                long t0 = System.nanoTime();
                sender(api, alice, store, RetryPolicy.DEFAULT).prepare(dm, file, TransferProgress.NONE);
                whole = Math.min(whole, seconds(t0));
                store.mediaUploads().all().forEach(r -> store.mediaUploads().remove(r.attachmentId()));
            }
            TransferProgress cut = (done, total) -> {
                if (done >= total * 0.6 && done < total) {
                    throw new UncheckedIOException(new IOException("cut at 60 %"));
                }
            };
            try {
                sender(api, alice, store, RetryPolicy.of(1)).prepare(dm, file, cut);
                throw new BenchFailure("the cut upload did not fail");
            } catch (IOException expected) {
                // the upload broke off, as a lost network would make it
            }
            long t1 = System.nanoTime();
            AttachmentSender.Prepared resumed = sender(api, alice, store, RetryPolicy.DEFAULT).prepare(dm, file,
                    TransferProgress.NONE);
            double resumeSeconds = seconds(t1);
            chat.client.media.UploadedBlob blob = resumed.blob();
            long partSize = 8L * 1024 * 1024;
            double resent = (blob.blobSize() - (double) blob.resumedParts() * partSize) / blob.blobSize();
            return new double[] {whole, resumeSeconds, blob.resumedParts(), resent};
        }
    }

    /**
     * Sends a file of {@code bytes} with the CLI in a JVM of its own whose heap is capped at {@code heapMb}: that it
     * completes at all shows the send streams. Answers the process's peak resident memory (VmHWM) in bytes.
     */
    private static long cliProcessPeak(BenchContext context, Cli cli, String from, String to, Path dir, long bytes,
            int heapMb) throws Exception {
        Path file = randomFile(dir.resolve("memory.bin"), bytes);
        Path log = dir.resolve("memory-send.log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-cp", System.getProperty("java.class.path"), "chat.cli.ChatCli",
                "--api", context.api().toString(), "--ws", context.ws().toString(), "--profile",
                cli.profile(from).toString(), "send", "@" + to, "--file", file.toString(), "--wait", "0");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peak = 0;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (!p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, vmHwm(status));
        }
        Files.deleteIfExists(file);
        if (p.exitValue() != 0 || !Files.readString(log).contains("SENT ")) {
            throw new BenchFailure("the CLI with -Xmx" + heapMb + "m could not send " + bytes + " bytes: "
                    + Files.readString(log));
        }
        return peak;
    }

    private static long vmHwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended between two samples
        }
        return 0;
    }

    private static AttachmentSender sender(MediaApi api, BenchUser user, LocalStore store, RetryPolicy retry) {
        return new AttachmentSender(new Uploader(api, new BlobTransfers(), () -> user.credential, retry,
                new SecureRandom()), store.mediaUploads(), Clock.systemUTC());
    }

    private static Path randomFile(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A registered user with one device, for the parts measured below the CLI. */
    private record BenchUser(String userId, String credential) {
        static BenchUser register(URI api, String prefix) {
            ChatHttpApi http = new ChatHttpApi(api);
            String handle = prefix + "_" + Ids.random(8);
            String password = "bench-password-" + handle;
            var account = http.register(new chat.model.api.RegisterAccountRequest(handle, prefix, password));
            var device = http.addDevice(new chat.model.api.AddDeviceRequest(handle, password, "bench"));
            return new BenchUser(account.userId(), device.credential());
        }
    }

    /** The CLI run in this JVM with profiles of its own, as {@code bin/chat} would run it. */
    private static final class Cli {
        private final BenchContext context;
        private final Path profiles;

        Cli(BenchContext context, Path profiles) {
            this.context = context;
            this.profiles = profiles;
        }

        Path profile(String handle) {
            return profiles.resolve(handle + ".json");
        }

        String account(String prefix) {
            String h = prefix + "_" + Ids.random(6);
            ok(h, "register", "--handle", h, "--name", h, "--password", "pass-" + h);
            ok(h, "login", "--handle", h, "--password", "pass-" + h, "--device", "bench");
            return h;
        }

        String ok(String profile, String... args) {
            List<String> all = new java.util.ArrayList<>(List.of("--api", context.api().toString(), "--ws",
                    context.ws().toString(), "--profile", profiles.resolve(profile + ".json").toString()));
            all.addAll(List.of(args));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = ChatCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            if (exit != 0) {
                throw new BenchFailure("chat " + String.join(" ", args) + " failed: " + err);
            }
            return out.toString();
        }
    }
}
