package chat.system;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the whole system locally and keeps it running until interrupted: the start command of the README
 * ({@code bin/chat-system}). Data lives on disk in {@code .data/} so it survives a restart.
 */
public final class LocalSystemMain {
    private LocalSystemMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(".data");
        boolean inMemory = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> data = Path.of(args[++i]);
                case "--in-memory" -> inMemory = true;
                case "--help" -> {
                    System.out.println("usage: chat-system [--data-dir DIR] [--in-memory]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        long started = System.nanoTime();
        SystemOptions options = new SystemOptions(inMemory ? null : data.resolve("dynamodb"), data.resolve("logs"),
                8081, 8080, 4567, 9324, 1, 1, Map.of(), Map.of()).withS3Port(4569);
        // Ctrl-C or SIGTERM: the system's own shutdown hook stops every process it started.
        ChatSystem system = ChatSystem.start(options);
        System.out.printf("chat system ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        System.out.println("  HTTP API   " + system.api());
        System.out.println("  WebSocket  " + system.ws());
        System.out.println("  DynamoDB   " + system.dynamoEndpoint()
                + (inMemory ? " (in memory)" : " (data in " + data.resolve("dynamodb").toAbsolutePath() + ")"));
        System.out.println("  SQS        " + system.sqsEndpoint());
        System.out.println("  S3         " + system.s3Endpoint()
                + (inMemory ? " (in memory)" : " (objects in " + data.resolve("dynamodb").resolve("s3").toAbsolutePath()
                + ")"));
        System.out.println("  logs       " + data.resolve("logs").toAbsolutePath());
        System.out.println("Try: bin/chat register --handle alice --name Alice --password secret123   (Ctrl-C stops)");
        new CountDownLatch(1).await();
    }
}
