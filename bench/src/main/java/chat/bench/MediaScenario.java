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
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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
import java.util.concurrent.atomic.AtomicLong;
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
            URI s3 = context.system().localStack().s3Endpoint();
            String bucket = context.system().localStack().bucketName(Buckets.Media.DEF);
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
            long heapGrowth = heapWhileSending(context, dir, memoryMb * 1_000_000L);

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
            f.put("senderHeapGrowthMb", round(heapGrowth / MB));
            boolean met = heapGrowth < memoryMb * 1_000_000L / 4 && resume[1] < resume[0];
            String headline = String.format(java.util.Locale.ROOT,
                    "%d MB: up %.0f MB/s (raw %.0f), down %.0f MB/s (raw %.0f); resume at 60%% %.1f s vs %.1f s; "
                            + "heap +%.0f MB sending %d MB", sizeMb, mb / median(up),
                    mb / median(rawUp), mb / median(down), mb / median(rawDown),
                    resume[1], resume[0], heapGrowth / MB, memoryMb);
            return new ScenarioResult(name(), f, headline, "streams; resume < whole", met);
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

    /** {whole upload s, resume after a cut at 60 % s, parts already stored at the resume}. */
    private static double[] resume(BenchContext context, Path dir, Path file) throws Exception {
        BenchUser alice = BenchUser.register(context.api(), "alice");
        BenchUser bob = BenchUser.register(context.api(), "bob");
        String dm = Ids.directConversationId(alice.userId, bob.userId);
        MediaApi api = new MediaApi(new ChatHttpApi(context.api()));
        try (LocalStore store = LocalStore.open(dir.resolve("resume-store"))) {
            long t0 = System.nanoTime();
            sender(api, alice, store, RetryPolicy.DEFAULT).prepare(dm, file, TransferProgress.NONE);
            double whole = seconds(t0);
            store.mediaUploads().all().forEach(r -> store.mediaUploads().remove(r.attachmentId()));
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
            return new double[] {whole, seconds(t1), resumed.blob().resumedParts()};
        }
    }

    /** The most the heap grew by (above its level after a GC) while a file of {@code bytes} was uploaded. */
    private static long heapWhileSending(BenchContext context, Path dir, long bytes) throws Exception {
        Path file = randomFile(dir.resolve("memory.bin"), bytes);
        BenchUser alice = BenchUser.register(context.api(), "alice");
        BenchUser bob = BenchUser.register(context.api(), "bob");
        String dm = Ids.directConversationId(alice.userId, bob.userId);
        MediaApi api = new MediaApi(new ChatHttpApi(context.api()));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (LocalStore store = LocalStore.open(dir.resolve("memory-store"))) {
            System.gc();
            long base = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(base);
            TransferProgress sample = (done, total) -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(),
                    Math::max);
            sender(api, alice, store, RetryPolicy.DEFAULT).prepare(dm, file, sample);
            return Math.max(0, peak.get() - base);
        } finally {
            Files.deleteIfExists(file);
        }
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
