package chat.cli;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.ConnectionOptions;
import chat.client.ChatHttpApi;
import chat.client.ResendPolicy;
import chat.client.Retrier;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The command-line client: {@code chat <command>}. */
@Command(name = "chat", mixinStandardHelpOptions = true, version = "chat 0.1.0",
        description = "Command-line client of the chat system.",
        subcommands = {RegisterCommand.class, LoginCommand.class, WhoamiCommand.class, ConversationsCommand.class,
                SendCommand.class, WatchCommand.class, ChatCommand.class, HistoryCommand.class, GroupCommand.class,
                DevicesCommand.class, DeviceCommand.class, LogoutCommand.class, PasswordCommand.class,
                AccountCommand.class, CommandLine.HelpCommand.class})
public final class ChatCli implements Runnable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CHAT_API:-http://127.0.0.1:8081}",
            description = "REST API base URL (env CHAT_API; default ${DEFAULT-VALUE})")
    URI api;

    @Option(names = "--ws", scope = ScopeType.INHERIT, paramLabel = "URL", split = ",",
            defaultValue = "${env:CHAT_WS:-ws://127.0.0.1:8080/v1/ws}",
            description = "WebSocket URL, or several separated by commas: a lost connection fails over to the next "
                    + "(env CHAT_WS; default ${DEFAULT-VALUE})")
    List<URI> ws;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            defaultValue = "${env:CHAT_PROFILE:-default}",
            description = "profile name (~/.chat/NAME.json) or path of a .json file (env CHAT_PROFILE; default "
                    + "${DEFAULT-VALUE})")
    String profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Set when this command runs inside the profile's live session (handed over by another process). */
    LiveSession session;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the CLI with the given output streams and returns the exit status; a one-shot command of a profile with a
     * live session runs in that session ({@link Handover}).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return Handover.run(args, out, err);
    }

    /** Runs the command here, with {@code root} (which may carry a live session). */
    static int execute(ChatCli root, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(Errors.report(ex).line());
            commandLine.getErr().flush();
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    ChatHttpApi httpApi() {
        return new ChatHttpApi(api);
    }

    /** A fresh token for the profile's device (for the calls that take a bearer token). */
    String token(Profile p) {
        return httpApi().token(p.credential()).token();
    }

    ProfileStore store() {
        return session != null ? session.store() : ProfileStore.forName(profile);
    }

    /**
     * One request on a fresh connection, resent as {@link ResendPolicy#defaults()} says (backoff with jitter) after a
     * retryable failure, each attempt on the next broker of {@code --ws}. The request must be safe to repeat.
     */
    <T> T request(Profile p, Function<ChatConnection, CompletableFuture<T>> request) throws Exception {
        if (session != null) {
            return session.request(request);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-cli-retry");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger attempt = new AtomicInteger();
        try {
            return new Retrier(ResendPolicy.defaults(), timer).run(() -> {
                URI broker = ws.get(Math.floorMod(attempt.getAndIncrement(), ws.size()));
                return CompletableFuture.supplyAsync(() -> httpApi().token(p.credential()).token())
                        .thenCompose(token -> ChatConnection.open(broker, token, CONNECT_TIMEOUT,
                                ConnectionOptions.defaults().withRecordFrames(false)))
                        .thenCompose(c -> c.hello().thenCompose(h -> request.apply(c))
                                .whenComplete((v, e) -> c.close()));
            }).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            timer.shutdownNow();
        }
    }

    /** A device for this profile's credential, configured for a short-lived command. */
    ChatDevice.Builder device(Profile p) {
        return ChatDevice.builder(ws, p.credential())
                .api(httpApi())
                .connectTimeout(CONNECT_TIMEOUT);
    }

    /**
     * The device a one-shot command uses: the live session's when it runs in one ({@code configure} does not apply
     * then), else a new one built by {@code configure} with {@code listener}.
     */
    DeviceLease lease(Profile p, UnaryOperator<ChatDevice.Builder> configure, ChatDevice.Listener listener) {
        if (session != null) {
            return session.lease(listener);
        }
        return DeviceLease.own(configure.apply(device(p)).listener(listener).build());
    }
}
