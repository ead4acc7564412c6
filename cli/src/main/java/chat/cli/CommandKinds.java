package chat.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Which commands hold the profile's device connection, and for how long. */
final class CommandKinds {
    /** Commands that open a connection, do one thing and close it. */
    static final Set<String> ONE_SHOT = Set.of("send", "conversations", "history", "group");
    /** Commands that stay connected and take the one-shot commands of their profile meanwhile. */
    static final Set<String> LIVE = Set.of("watch", "chat");

    enum Kind {
        /** Needs no device connection (HTTP only, local, help): runs as it is. */
        OTHER, ONE_SHOT, LIVE
    }

    record Parsed(Kind kind, String profile) {
    }

    private CommandKinds() {
    }

    static Parsed classify(String[] args) {
        ChatCli root = new ChatCli();
        ParseResult parsed;
        try {
            parsed = new CommandLine(root).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return new Parsed(Kind.OTHER, null); // execute() reports it
        }
        if (!parsed.hasSubcommand() || helpRequested(parsed)) {
            return new Parsed(Kind.OTHER, root.profile);
        }
        String name = parsed.subcommand().commandSpec().name();
        Kind kind = ONE_SHOT.contains(name) ? Kind.ONE_SHOT : LIVE.contains(name) ? Kind.LIVE : Kind.OTHER;
        return new Parsed(kind, root.profile);
    }

    private static boolean helpRequested(ParseResult r) {
        for (ParseResult p = r; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()
                    || p.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
                return true;
            }
        }
        return false;
    }
}
