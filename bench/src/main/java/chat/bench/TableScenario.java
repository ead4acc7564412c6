package chat.bench;

import chat.model.frames.FrameCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12's Targets table from one command: the three saturation searches (100 users with and without acks, 1,000
 * users with acks), the per-message costs at a fixed moderate rate (so they do not depend on saturation), and the
 * 256-member group with and without acks — all in the system this benchmark started — then, if {@code --table-peer}
 * names the ejabberd harness's JSON lines, its figures beside ours. Prints the markdown table and writes every raw
 * figure, with the git commit measured, to {@code --table-out}. A part that fails is reported and the others still
 * run.
 */
final class TableScenario implements Scenario {
    static final String DEFAULT_OUT = "target/bench-table.json";

    @Override
    public String name() {
        return "table";
    }

    @Override
    public String summary() {
        return "issue 12's Targets table: saturation with/without acks (100 and 1,000 users), cost per message at a "
                + "fixed rate, 256-member group with/without acks; markdown + JSON";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("table-users", "100", "users of the saturation and cost runs"),
                new Option("table-big-users", "1000", "users of the large saturation run (0 skips it)"),
                new Option("table-start", "40", "first rate of each saturation search, msgs/s"),
                new Option("table-factor", "1.5", "coarse step factor of the saturation searches"),
                new Option("table-refine", "2", "bisections after the first rate that broke"),
                new Option("table-seconds", "30", "seconds per saturation step"),
                new Option("table-max", "5000", "highest rate a saturation search tries"),
                new Option("table-cost-rate", "50", "msgs/s of the run that measures cost per message"),
                new Option("table-cost-seconds", "30", "measured seconds of the cost run"),
                new Option("table-cost-warmup-seconds", "90", "unmeasured seconds at the cost rate first: the cost "
                        + "run is the first on a fresh system, whose JIT compilers take a core for over a minute"),
                new Option("table-group-members", "256", "members of the group, all online (0 skips the group)"),
                new Option("table-group-messages", "150", "measured group messages, at 10 msgs/s"),
                new Option("table-parts", "cost,group,saturation", "which parts run, comma-separated"),
                new Option("table-peer", "", "JSON lines of the ejabberd harness (bin/chat-bench-table --peer)"),
                new Option("table-out", DEFAULT_OUT, "where the raw figures go (JSON)"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        long began = System.nanoTime();
        String parts = "," + args.text("table-parts", "cost,group,saturation") + ",";
        int users = args.integer("table-users", 100);
        int bigUsers = args.integer("table-big-users", 1000);
        int groupMembers = args.integer("table-group-members", 256);
        Map<String, Number> table = new LinkedHashMap<>();
        Map<String, Object> raw = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, Object> body = new HashMap<>();
        body.put(BenchBody.OPTION, args.text(BenchBody.OPTION, Integer.toString(BenchBody.DEFAULT_BYTES)));

        if (parts.contains(",cost,")) {
            Map<String, Object> f = part("cost", raw, failures, () -> new SteadyScenario().run(context, derive(args,
                    "client", Map.of("steady-users", users, "steady-contacts", 5,
                            "steady-rate", args.text("table-cost-rate", "50"),
                            "steady-seconds", args.text("table-cost-seconds", "30"),
                            "steady-warmup-seconds", args.text("table-cost-warmup-seconds", "90")))));
            if (f != null) {
                costs(f, table);
            }
        }
        if (parts.contains(",group,") && groupMembers > 0) {
            Map<String, Object> g = Map.of("group-members", groupMembers, "group-online", groupMembers,
                    "group-messages", args.text("table-group-messages", "150"), "group-warmup", 20, "group-rate", 10,
                    "group-body-bytes", body.get(BenchBody.OPTION));
            Map<String, Object> acked = part("group256Acks", raw, failures,
                    () -> new GroupFanoutScenario().run(context, derive(args, "client", g)));
            if (acked != null) {
                table.put(TableReport.GROUP_ACKS_P99, (Number) acked.get("lastMemberP99Ms"));
                table.put(TableReport.GROUP_ACKS_UNANSWERED, (Number) acked.get("sendsUnansweredWithin10s"));
                table.put(TableReport.GROUP_ACKS_SENDS, (Number) acked.get("messages"));
                table.put(TableReport.GROUP_READ_UNITS, (Number) acked.get("dynamoReadUnitsPerMessage"));
            }
            Map<String, Object> bare = part("group256NoAcks", raw, failures,
                    () -> new GroupFanoutScenario().run(context, derive(args, "none", g)));
            if (bare != null) {
                table.put(TableReport.GROUP_NONE_P99, (Number) bare.get("lastMemberP99Ms"));
            }
        }
        if (parts.contains(",saturation,")) {
            saturation("saturation100Acks", TableReport.RATE_100_ACKS, users, "client", context, args, table, raw,
                    failures);
            saturation("saturation100NoAcks", TableReport.RATE_100_NONE, users, "none", context, args, table, raw,
                    failures);
            if (bigUsers > 0) {
                saturation("saturation1000Acks", TableReport.RATE_1000_ACKS, bigUsers, "client", context, args,
                        table, raw, failures);
            }
        }

        PeerResults peer = null;
        String peerPath = args.text("table-peer", "");
        if (!peerPath.isBlank()) {
            try {
                peer = PeerResults.read(Path.of(peerPath));
                Map<String, Object> pf = peer.figures();
                pf.put("file", peerPath);
                pf.put("writtenAt", Files.getLastModifiedTime(Path.of(peerPath)).toInstant().toString());
                raw.put("ejabberd", pf);
            } catch (IOException | RuntimeException e) {
                failures.put("ejabberd", "cannot read " + peerPath + ": " + e.getMessage());
            }
        }
        String markdown = TableReport.markdown(table, peer) + notes(failures, raw);
        double minutes = AwsCalls.round((System.nanoTime() - began) / 60e9);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("measuredAt", Instant.now().toString());
        out.put("commit", git("rev-parse", "HEAD"));
        out.put("uncommittedChanges", !git("status", "--porcelain", "--untracked-files=no").isEmpty());
        out.put("arguments", args.options());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("minutes", minutes);
        out.put("table", table);
        out.put("failures", failures);
        out.put("runs", raw);
        out.put("markdown", markdown);
        Path file = Path.of(args.text("table-out", DEFAULT_OUT));
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, FrameCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));

        System.out.println();
        System.out.print(markdown);
        System.out.println();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("table", table);
        f.put("failures", failures);
        f.put("minutes", minutes);
        f.put("rawFigures", file.toString());
        return new ScenarioResult(name(), f, String.format("%d figures in %.0f min; raw figures in %s",
                table.size(), minutes, file), "every part ran (floors: see the table)", failures.isEmpty());
    }

    /** Cost per message from the fixed-rate run: the rows of units, requests, CPU and dollars. */
    @SuppressWarnings("unchecked")
    static void costs(Map<String, Object> f, Map<String, Number> table) {
        table.put(TableReport.WRITE_UNITS, (Number) f.get("dynamoWriteUnitsPerMessage"));
        table.put(TableReport.READ_UNITS, (Number) f.get("dynamoReadUnitsPerMessage"));
        table.put(TableReport.SQS, (Number) f.get("sqsRequestsPerMessage"));
        Map<String, Number> cpu = (Map<String, Number>) f.get("cpuSecondsPer1000Messages");
        if (cpu != null) { // CPU-seconds per 1,000 messages are CPU-ms per message
            table.put(TableReport.CPU_FUNCTIONS, cpu.get(CostMeter.FUNCTIONS));
            table.put(TableReport.CPU_BROKER, cpu.get(CostMeter.BROKER));
        }
        table.put(TableReport.USD, ((Map<String, Number>) f.get("usdPerMillionMessages")).get("total"));
        table.put(TableReport.USD_PROVISIONED,
                ((Map<String, Number>) f.get("usdPerMillionMessagesProvisioned")).get("total"));
        table.put(TableReport.ACK_FRAMES, (Number) f.get("ackFramesPerMessage"));
    }

    private static void saturation(String name, String key, int users, String acks, BenchContext context,
            BenchArgs args, Map<String, Number> table, Map<String, Object> raw, Map<String, String> failures) {
        Map<String, Object> f = part(name, raw, failures, () -> new SaturationScenario().run(context, derive(args,
                acks, Map.of("saturation-users", users, "saturation-contacts", 5,
                        "saturation-start", args.text("table-start", "40"),
                        "saturation-factor", args.text("table-factor", "1.5"),
                        "saturation-refine", args.text("table-refine", "2"),
                        "saturation-seconds", args.text("table-seconds", "30"),
                        "saturation-max", args.text("table-max", "5000")))));
        if (f != null) {
            table.put(key, (Number) f.get("highestRateHeld"));
        }
    }

    private interface Part {
        ScenarioResult run() throws Exception;
    }

    /** Runs one part; its figures, or null (and the reason in {@code failures}) when it failed. */
    private static Map<String, Object> part(String name, Map<String, Object> raw, Map<String, String> failures,
            Part part) {
        System.out.println("-- table: " + name);
        try {
            Map<String, Object> f = part.run().figures();
            raw.put(name, f);
            System.out.println(FrameCodec.mapper().writeValueAsString(f));
            return f;
        } catch (Exception e) {
            failures.put(name, e.getClass().getSimpleName() + ": " + e.getMessage());
            System.out.println("FAILED " + name + ": " + e.getMessage());
            e.printStackTrace(System.err);
            return null;
        }
    }

    /** The common options of {@code args} (target system, body size, ack window) with a part's own and its acks. */
    static BenchArgs derive(BenchArgs args, String acks, Map<String, ?> own) {
        Map<String, String> options = new LinkedHashMap<>();
        args.options().forEach((k, v) -> {
            if (!k.startsWith("table-") && !k.startsWith("steady-") && !k.startsWith("saturation-")
                    && !k.startsWith("group-")) {
                options.put(k, v);
            }
        });
        own.forEach((k, v) -> options.put(k, String.valueOf(v)));
        options.put(AckMode.OPTION, acks);
        return new BenchArgs(List.of(), options);
    }

    /** Below the table: the ack frames per message, and why a part did not finish. */
    private static String notes(Map<String, String> failures, Map<String, Object> raw) {
        StringBuilder b = new StringBuilder();
        if (raw.get("cost") instanceof Map<?, ?> cost) {
            b.append(String.format("%nCost figures from %s msgs/s, %s users, acks as the reference client "
                    + "(%s ack frames per message, window %s ms).%n", cost.get("offeredPerSecond"),
                    cost.get("users"), cost.get("ackFramesPerMessage"), cost.get("ackWindowMs")));
        }
        failures.forEach((part, why) -> b.append(String.format("%n**%s did not finish:** %s%n", part, why)));
        return b.toString();
    }

    private static String git(String... command) {
        String repo = System.getProperty("chat.repo", ".");
        try {
            String[] full = new String[command.length + 3];
            full[0] = "git";
            full[1] = "-C";
            full[2] = repo;
            System.arraycopy(command, 0, full, 3, command.length);
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown: " + out;
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
