package chat.cli;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.ConnectionOptions;
import chat.client.ChatHttpApi;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The command-line client: {@code chat <command>}. */
@Command(name = "chat", mixinStandardHelpOptions = true, version = "chat 0.1.0",
        description = "Command-line client of the chat system.",
        subcommands = {RegisterCommand.class, LoginCommand.class, WhoamiCommand.class, ConversationsCommand.class,
                SendCommand.class, WatchCommand.class, HistoryCommand.class, GroupCommand.class,
                CommandLine.HelpCommand.class})
public final class ChatCli implements Runnable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CHAT_API:-http://127.0.0.1:8081}",
            description = "REST API base URL (env CHAT_API; default ${DEFAULT-VALUE})")
    URI api;

    @Option(names = "--ws", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CHAT_WS:-ws://127.0.0.1:8080/v1/ws}",
            description = "WebSocket URL (env CHAT_WS; default ${DEFAULT-VALUE})")
    URI ws;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            defaultValue = "${env:CHAT_PROFILE:-default}",
            description = "profile name (~/.chat/NAME.json) or path of a .json file (env CHAT_PROFILE; default "
                    + "${DEFAULT-VALUE})")
    String profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given output streams and returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ChatCli());
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

    ProfileStore store() {
        return ProfileStore.forName(profile);
    }

    /** A plain connection for one-shot requests: token, upgrade, hello. */
    ChatConnection connect(Profile p) throws Exception {
        String token = httpApi().token(p.credential()).token();
        ChatConnection c = ChatConnection.open(ws, token, CONNECT_TIMEOUT,
                ConnectionOptions.defaults().withRecordFrames(false)).get();
        c.hello().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return c;
    }

    /** A device for this profile's credential, configured for a short-lived command. */
    ChatDevice.Builder device(Profile p) {
        return ChatDevice.builder(ws, p.credential())
                .api(httpApi())
                .connectTimeout(CONNECT_TIMEOUT);
    }
}
