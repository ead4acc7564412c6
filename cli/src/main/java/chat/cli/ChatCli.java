package chat.cli;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.ChatDeviceBuilder;
import chat.client.ConnectionOptions;
import chat.client.ChatHttpApi;
import chat.client.store.LocalStore;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command-line client: {@code chat <command>}. The command's attributes are inherited ({@code scope}), so every
 * subcommand, present and future, answers {@code -h/--help} with its usage (exit 0, before checking required options)
 * and {@code -V/--version}.
 */
@Command(name = "chat", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, version = "chat 0.1.0",
        description = "Command-line client of the chat system.",
        subcommands = {RegisterCommand.class, LoginCommand.class, WhoamiCommand.class, ConversationsCommand.class,
                SendCommand.class, WatchCommand.class, ChatCommand.class, HistoryCommand.class, GroupCommand.class,
                DevicesCommand.class, DeviceCommand.class, LogoutCommand.class, PasswordCommand.class, DownloadCommand.class,
                AccountCommand.class, VerifyCommand.class, LinkCommand.class,
                CommandLine.HelpCommand.class})
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
            description = "profile name (~/.chat/NAME.json, its local store in ~/.chat/NAME/) or path of a .json "
                    + "file (env CHAT_PROFILE; default ${DEFAULT-VALUE})")
    String profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Set when this command runs inside the profile's live session (handed over by another process). */
    LiveSession session;

    /** The profile's local store, opened by the first use in this command and closed after it ({@link #execute}). */
    private LocalStore localStore;

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
            commandLine.getErr().println(Errors.report(ex, root.api, root.ws).line());
            commandLine.getErr().flush();
            return 1;
        });
        try {
            return cli.execute(args);
        } finally {
            root.closeLocalStore(); // after the command, which has closed its device
        }
    }

    /** The command tree, unconfigured (tests walk it). */
    static CommandLine commandLine() {
        return new CommandLine(new ChatCli());
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

    /** Names for the people this profile meets, kept in its local store. */
    Names names(Profile p) {
        return new Names(localStore().contacts(), httpApi(), p.credential(), Clock.systemUTC());
    }

    /**
     * The profile's local store ({@code ~/.chat/NAME/chat.db}): the live session's when the command runs in one, else
     * opened now (once per command) and closed when the command has finished.
     */
    synchronized LocalStore localStore() {
        if (session != null) {
            return session.localStore();
        }
        if (localStore == null) {
            ProfileStore profiles = store();
            localStore = ProfileDatabase.open(ProfileFiles.of(profiles), profiles.require(), Clock.systemUTC());
        }
        return localStore;
    }

    synchronized void closeLocalStore() {
        if (localStore != null) {
            localStore.close();
            localStore = null;
        }
    }

    /**
     * One request on a fresh connection, tried again as {@link Attempts} says (saying so on stderr) after a retryable
     * failure, each attempt on the next broker of {@code --ws}. The request must be safe to repeat.
     */
    <T> T request(Profile p, Function<ChatConnection, CompletableFuture<T>> request) throws Exception {
        if (session != null) {
            return session.request(request);
        }
        return new Attempts(spec.commandLine().getErr()).run(api, ws, n -> {
            URI broker = ws.get(Math.floorMod(n - 1, ws.size()));
            String token = httpApi().token(p.credential()).token();
            return ChatConnection.open(broker, token, CONNECT_TIMEOUT,
                            ConnectionOptions.defaults())
                    .thenCompose(c -> c.hello().thenCompose(h -> request.apply(c))
                            .whenComplete((v, e) -> c.close()))
                    .get();
        });
    }

    /**
     * A device for this profile's credential, configured for a short-lived command: end-to-end encrypted with the
     * keys in the profile's local store.
     */
    ChatDeviceBuilder device(Profile p) {
        return ChatDevice.builder(ws, p.credential())
                .api(httpApi())
                .store(localStore().deviceStore())
                .endToEnd(localStore().e2ee())
                .connectTimeout(CONNECT_TIMEOUT);
    }

    /**
     * The device a one-shot command uses: the live session's when it runs in one ({@code configure} does not apply
     * then), else a new one built by {@code configure} with {@code listener}.
     */
    DeviceLease lease(Profile p, UnaryOperator<ChatDeviceBuilder> configure, ChatDevice.Listener listener) {
        if (session != null) {
            return session.lease(listener);
        }
        return DeviceLease.own(configure.apply(device(p)).listener(listener).build());
    }
}
