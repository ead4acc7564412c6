package chat.cli;

import chat.system.ChatSystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the CLI against a running system, with a profile file in {@code profiles}. */
final class CliRun {
    // Fields, not a record's accessors: the tests read them as they read their nested records before.
    final int exit;
    final String out;
    final String err;

    private CliRun(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    static CliRun of(ChatSystem system, Path profiles, String profile, String... args) {
        List<String> all = new ArrayList<>(List.of("--api", system.api().toString(), "--ws", system.ws().toString(),
                "--profile", profiles.resolve(profile + ".json").toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ChatCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(exit, out.toString(), err.toString());
    }
}
