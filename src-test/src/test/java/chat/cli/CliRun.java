package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.Ids;
import chat.system.ChatSystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One in-process run of the CLI against a running system, with a profile file in {@code profiles}. */
final class CliRun {
    private static final Pattern SAFETY_NUMBER = Pattern.compile("((?:\\d{5}[ \\n]){11}\\d{5})");
    // Fields, not a record's accessors: the tests read them as they read their nested records before.
    final int exit;
    final String out;
    final String err;

    private CliRun(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    /**
     * Registers {@code prefix_<random>} (display name = handle, password {@code pass-<handle>}) and logs its device
     * {@code device} in to the profile named after the handle; returns the handle.
     */
    static String account(ChatSystem system, Path profiles, String prefix, String device) {
        String h = prefix + "_" + Ids.random(6);
        CliRun registered = of(system, profiles, h, "register", "--handle", h, "--name", h, "--password", "pass-" + h);
        assertThat(registered.exit).as(registered.err).isZero();
        CliRun login = of(system, profiles, h, "login", "--handle", h, "--password", "pass-" + h, "--device", device);
        assertThat(login.exit).as(login.err).isZero();
        return h;
    }

    /** The direct conversation a {@code send} printed as SENT. */
    static String conversationOf(CliRun sent) {
        Matcher m = Pattern.compile("SENT (dm\\.\\S+) seq=").matcher(sent.out);
        assertThat(m.find()).as(sent.out + sent.err).isTrue();
        return m.group(1);
    }

    /** The last 60-digit safety number a {@code verify} printed (after a change it prints the old one first). */
    static String safetyNumberOf(CliRun run) {
        Matcher m = SAFETY_NUMBER.matcher(run.out);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertThat(last).as(run.out + run.err).isNotNull();
        return last.replaceAll("\\s", "");
    }

    /** A run made otherwise (e.g. against other URLs). */
    static CliRun raw(int exit, String out, String err) {
        return new CliRun(exit, out, err);
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
