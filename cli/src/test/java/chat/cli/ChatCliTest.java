package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.FakeChatServer;
import chat.client.FakeRestServer;
import chat.client.store.Contact;
import chat.client.store.LocalStore;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI end to end against the in-JVM fakes of the REST API and the broker. */
class ChatCliTest {
    @TempDir
    Path dir;

    private FakeChatServer chat;
    private FakeRestServer rest;

    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        chat = new FakeChatServer();
        rest = new FakeRestServer(chat);
    }

    @AfterEach
    void stop() throws Exception {
        rest.close();
        chat.close();
    }

    private Run cli(String profile, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        // Global options after the subcommand: they are inherited.
        all.addAll(List.of("--api", rest.uri().toString(), "--ws", chat.uri().toString(),
                "--profile", dir.resolve(profile + ".json").toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ChatCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void registerLoginSendWatchListAndPageHistory() throws Exception {
        assertThat(cli("alice", "register", "--handle", "alice", "--name", "Alice", "--password", "password1")
                .out()).startsWith("registered @alice (u");
        assertThat(cli("bob", "register", "--handle", "bob", "--name", "Bob", "--password", "password2").status())
                .isZero();
        Run taken = cli("x", "register", "--handle", "bob", "--name", "Bob", "--password", "password2");
        assertThat(taken.status()).isEqualTo(1);
        assertThat(taken.err()).startsWith("error: HANDLE_TAKEN: ");

        Run wrong = cli("alice", "login", "--handle", "alice", "--password", "wrongpass", "--device", "phone");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).startsWith("error: UNAUTHENTICATED: ");

        assertThat(cli("alice", "login", "--handle", "alice", "--password", "password1", "--device", "phone")
                .status()).isZero();
        assertThat(cli("bob", "login", "--handle", "bob", "--password", "password2", "--device", "laptop")
                .status()).isZero();
        Path aliceProfile = dir.resolve("alice.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(aliceProfile))).isEqualTo("rw-------");
        assertThat(Files.readString(aliceProfile)).contains("\"credential\" : \"dc1.");

        Run whoami = cli("alice", "whoami", "--check");
        assertThat(whoami.status()).isZero();
        assertThat(whoami.out()).contains("handle:  @alice").contains("credential: valid");

        // alice sends while bob watches: bob prints it and acks it read; alice prints SENT, DELIVERED, READ.
        CompletableFuture<Run> watch = CompletableFuture.supplyAsync(
                () -> cli("bob", "watch", "--count", "2", "--timeout", "20"));
        Run sent = cli("alice", "send", "@bob", "hello", "world", "--wait", "10");
        assertThat(sent.status()).as(sent.err()).isZero();
        assertThat(sent.out()).containsPattern("SENT dm\\.\\S+ seq=1\\n")
                .contains("DELIVERED seq=1").contains("READ seq=1");
        assertThat(cli("alice", "send", "@bob", "second", "--wait", "0").status()).isZero();
        Run watched = watch.get(30, TimeUnit.SECONDS);
        assertThat(watched.status()).as(watched.err()).isZero();
        String conversation = sent.out().split(" ")[1];
        assertThat(watched.out()).containsPattern("\\[" + conversation.replace(".", "\\.")
                + " 1 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d] Alice \\(@alice\\): hello world\\n");
        assertThat(watched.out()).contains(" 2 ").contains(": second");

        // The next watch starts after what was shown.
        assertThat(cli("alice", "send", conversation, "third", "--wait", "0").status()).isZero();
        Run again = cli("bob", "watch", "--count", "1", "--timeout", "10");
        assertThat(again.out()).contains(": third").doesNotContain("hello world");

        Run list = cli("alice", "conversations");
        assertThat(list.status()).isZero();
        assertThat(list.out()).startsWith("CONVERSATION").contains(conversation).contains("@bob");

        Run history = cli("bob", "history", conversation, "--limit", "2");
        assertThat(history.out()).contains(": second").contains(": third").doesNotContain("hello world")
                .contains("--before 2");

        Run nobody = cli("alice", "send", "@nobody", "hi");
        assertThat(nobody.status()).isEqualTo(1);
        assertThat(nobody.err()).startsWith("error: USER_NOT_FOUND: ");

        Run big = cli("alice", "send", conversation, "x".repeat(70_000));
        assertThat(big.err()).startsWith("error: BODY_TOO_LARGE: ");
    }

    @Test
    void commandsThatNeedALoginSayHowToLogInWithTheFullCommand() {
        Run r = cli("nobody", "conversations");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: NOT_LOGGED_IN: ")
                .contains("bin/chat --profile " + dir.resolve("nobody.json")
                        + " login --handle HANDLE --password PASSWORD --device NAME");
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpWithItsUsageAndExitsZero() {
        List<List<String>> paths = new ArrayList<>();
        collect(ChatCli.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(20); // the walk found the tree, group's subcommands included
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Run r = cli("help", args.toArray(String[]::new));
                assertThat(r.status()).as(args + ": " + r.err()).isZero();
                assertThat(r.out()).as(args.toString())
                        .containsPattern("(?m)^Usage: " + ("chat " + String.join(" ", path)).trim() + " ");
                assertThat(r.err()).as(args.toString()).isEmpty();
            }
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // aliases once
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, out);
            }
        });
    }

    @Test
    void anInvalidHandleIsRefusedWithTheRule() {
        Run r = cli("al", "register", "--handle", "Al", "--name", "Al", "--password", "password1");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: INVALID_FIELD: ").contains(Ids.HANDLE_RULE)
                .contains("3-32 characters of a-z, 0-9 and _ (lower case)");
    }

    private void account(String handle, String name) {
        assertThat(cli(handle, "register", "--handle", handle, "--name", name, "--password", "pass-" + handle)
                .status()).isZero();
        assertThat(cli(handle, "login", "--handle", handle, "--password", "pass-" + handle, "--device", "cli")
                .status()).isZero();
    }

    @Test
    void aReceivedMessageNamesItsSenderByDisplayNameAndHandleAndTheConversationListByHandle() throws Exception {
        account("alice", "Alice");
        account("bob", "Bob");
        assertThat(cli("alice", "send", "@bob", "hello", "bob", "--wait", "0").status()).isZero();

        Run watched = cli("bob", "watch", "--count", "1", "--timeout", "10");
        assertThat(watched.out()).as(watched.err()).contains("] Alice (@alice): hello bob");
        Run list = cli("bob", "conversations");
        assertThat(list.out()).contains("@alice (Alice)").doesNotContain(" u");
        Run history = cli("alice", "history", watched.out().substring(1, watched.out().indexOf(' ')));
        assertThat(history.out()).contains("] Alice (@alice): hello bob");
    }

    @Test
    void namesAreLookedUpOnceAndKeptInTheProfilesLocalStore() throws Exception {
        account("alice", "Alice");
        account("bob", "Bob");
        assertThat(cli("alice", "send", "@bob", "hi", "--wait", "0").status()).isZero();
        assertThat(cli("bob", "watch", "--count", "1", "--timeout", "10").out()).contains("Alice (@alice): hi");
        int lookups = rest.userLookups();
        try (LocalStore store = LocalStore.open(dir.resolve("bob"))) {
            assertThat(store.contacts().get(userId("alice"))).map(Contact::displayName).contains("Alice");
        }

        assertThat(cli("bob", "conversations").out()).contains("@alice (Alice)");
        assertThat(cli("bob", "watch", "--all", "--count", "1", "--timeout", "10").out())
                .contains("Alice (@alice): hi");
        assertThat(rest.userLookups()).isEqualTo(lookups);
    }

    @Test
    void aDamagedLocalStoreIsRefusedWithAClearErrorAndLeftAsItWas() throws Exception {
        account("bob", "Bob");
        Path db = dir.resolve("bob").resolve("chat.db");
        Files.createDirectories(db.getParent());
        byte[] garbage = "this is not a database, but it is somebody's file".repeat(100).getBytes();
        Files.write(db, garbage);

        Run refused = cli("bob", "send", "@bob", "hi", "--wait", "0");

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("error: LOCAL_STORE: " + db);
        assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
    }

    @Test
    void aLocalStoreOfAnotherAccountIsRefusedForThisProfile() throws Exception {
        account("alice", "Alice");
        account("bob", "Bob");
        assertThat(cli("alice", "send", "@bob", "hi", "--wait", "0").status()).isZero(); // alice's store exists
        // The profile file now names bob, the store beside it is alice's.
        Files.copy(dir.resolve("bob.json"), dir.resolve("alice.json"), StandardCopyOption.REPLACE_EXISTING);

        Run refused = cli("alice", "send", "@alice", "hi", "--wait", "0");

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("LOCAL_STORE").contains("belongs to user");
    }

    @Test
    void aNameLookedUpMoreThanADayAgoIsLookedUpAgain() throws Exception {
        account("alice", "Alice");
        account("bob", "Bob");
        assertThat(cli("alice", "send", "@bob", "hi", "--wait", "0").status()).isZero();
        try (LocalStore store = LocalStore.open(dir.resolve("bob"))) {
            store.contacts().put(new Contact(userId("alice"), "alice", "Alice's old name",
                    System.currentTimeMillis() - Names.FRESH_FOR.toMillis() - 60_000));
        }
        int lookups = rest.userLookups();

        assertThat(cli("bob", "conversations").out()).contains("@alice (Alice)");
        assertThat(rest.userLookups()).isEqualTo(lookups + 1);
    }

    @Test
    void aNamesFileOfAnEarlierVersionIsMovedIntoTheStoreAndDeleted() throws Exception {
        account("alice", "Alice");
        // Written by an earlier version before this one logs in (and opens the profile's store for its keys).
        Path names = dir.resolve("bob.names.json");
        Files.writeString(names, "{\"" + userId("alice") + "\": {\"handle\": \"alice\", \"displayName\": \"Ally\"}}");
        account("bob", "Bob");
        assertThat(cli("alice", "send", "@bob", "hi", "--wait", "0").status()).isZero();
        int lookups = rest.userLookups();

        assertThat(cli("bob", "watch", "--count", "1", "--timeout", "10").out()).contains("Ally (@alice): hi");
        assertThat(rest.userLookups()).isEqualTo(lookups); // a fresh name from the file: not asked again
        assertThat(names).doesNotExist();
    }

    @Test
    void aGroupSendWithAMemberOfflineSaysHowManyMembersHaveIt() throws Exception {
        account("alice", "Alice");
        account("bob", "Bob");
        account("carol", "Carol");
        String group = "g" + Ids.random(16);
        chat.group(group, Map.of(userId("alice"), 0L, userId("bob"), 0L, userId("carol"), 0L));

        Run nobodyOnline = cli("alice", "send", group, "first", "--wait", "0.5");
        assertThat(nobodyOnline.out()).as(nobodyOnline.err()).contains("SENT · delivered to 0 of 2 members, read by 0; "
                + "the others get it when they come online");

        // bob watches (and acks read) while alice waits; carol stays offline.
        CompletableFuture<Run> watch = CompletableFuture.supplyAsync(
                () -> cli("bob", "watch", "--count", "2", "--timeout", "20"));
        Run oneOnline = cli("alice", "send", group, "second", "--wait", "3");
        assertThat(watch.get(30, TimeUnit.SECONDS).out()).contains("Alice (@alice): second");
        assertThat(oneOnline.out()).contains("SENT · delivered to 1 of 2 members, read by 1; the others get it when "
                + "they come online");
    }

    private String userId(String profile) throws Exception {
        return FrameCodec.mapper().readTree(Files.readString(dir.resolve(profile + ".json"))).get("userId").asText();
    }
}
