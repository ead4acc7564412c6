package chat.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local stack until the process is killed:
 * {@code java -cp "localstack/target/localstack-0.1.0-SNAPSHOT.jar:localstack/target/lib/*" chat.localstack.LocalStackMain}.
 */
public final class LocalStackMain {
    private static final String USAGE = """
            usage: LocalStackMain [--data-dir DIR | --in-memory] [--dynamodb-port N] [--sqs-port N] [--s3-port N]
                                  [--host H] [--tables-prefix P] [--queues-prefix P] [--buckets-prefix P]
                                  [--log-dir DIR] [--ready-file PATH]
              defaults: --data-dir .data/dynamodb (objects in its s3/) --dynamodb-port 4567 --sqs-port 9324
                        --s3-port 4569 --host 127.0.0.1 --tables-prefix chat- --queues-prefix chat-
                        --buckets-prefix chat- --log-dir .data/logs (port 0 = any free port)""";

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }
        LocalStack stack = new LocalStack(options.config());
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("localstack failed to start: " + e.getMessage());
            System.exit(1);
        }
        // dynalite-pid lets a parent that started this process measure dynalite's CPU apart from ElasticMQ's (this
        // JVM); s3 comes last so a parser that predates it still matches the rest.
        String ready = "localstack ready dynamodb=" + stack.dynamoEndpoint() + " sqs=" + stack.sqsEndpoint()
                + " dynalite-pid=" + stack.dynalitePid() + " s3=" + stack.s3Endpoint();
        if (options.readyFile != null) {
            writeReadyFile(options.readyFile, ready);
        }
        System.out.println(ready);
        System.out.flush();
        // The stack's own shutdown hook stops the engines when the process is killed; until then, wait.
        new CountDownLatch(1).await();
    }

    /** Written atomically, and removed at exit, so a script polling for it never sees a partial or stale marker. */
    private static void writeReadyFile(Path readyFile, String content) throws IOException {
        Path absolute = readyFile.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = Files.createTempFile(absolute.getParent(), ".ready", ".tmp");
        Files.writeString(tmp, content + System.lineSeparator());
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(absolute);
            } catch (IOException ignored) {
                // Best effort: the next start overwrites it anyway.
            }
        }, "localstack-ready-file"));
    }

    /** Command-line flags; a hand-rolled parser keeps this module free of a CLI library. */
    static final class Options {
        Path dataDir = Path.of(".data", "dynamodb");
        String host = LocalStackConfig.DEFAULT_HOST;
        int dynamoPort = 4567;
        int sqsPort = 9324;
        int s3Port = 4569;
        String tablesPrefix = LocalStackConfig.DEFAULT_PREFIX;
        String queuesPrefix = LocalStackConfig.DEFAULT_PREFIX;
        String bucketsPrefix = LocalStackConfig.DEFAULT_PREFIX;
        Path logDir = Path.of(".data", "logs");
        Path readyFile;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                switch (flag) {
                    case "--in-memory" -> o.dataDir = null;
                    case "--help", "-h" -> o.help = true;
                    case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, flag));
                    case "--host" -> o.host = value(args, ++i, flag);
                    case "--dynamodb-port" -> o.dynamoPort = port(value(args, ++i, flag), flag);
                    case "--sqs-port" -> o.sqsPort = port(value(args, ++i, flag), flag);
                    case "--s3-port" -> o.s3Port = port(value(args, ++i, flag), flag);
                    case "--tables-prefix" -> o.tablesPrefix = value(args, ++i, flag);
                    case "--queues-prefix" -> o.queuesPrefix = value(args, ++i, flag);
                    case "--buckets-prefix" -> o.bucketsPrefix = value(args, ++i, flag);
                    case "--log-dir" -> o.logDir = Path.of(value(args, ++i, flag));
                    case "--ready-file" -> o.readyFile = Path.of(value(args, ++i, flag));
                    default -> throw new IllegalArgumentException("unknown option: " + flag);
                }
            }
            return o;
        }

        LocalStackConfig config() {
            return new LocalStackConfig(dataDir, host, dynamoPort, sqsPort, s3Port, tablesPrefix, queuesPrefix,
                    bucketsPrefix, logDir);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }

        private static int port(String value, String flag) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": not a port: " + value);
            }
        }
    }
}
