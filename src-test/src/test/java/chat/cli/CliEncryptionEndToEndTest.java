package chat.cli;

import static chat.cli.CliRun.safetyNumberOf;
import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatHttpApi;
import chat.client.KeysApi;
import chat.e2e.SharedSystem;
import chat.e2e.TestUsers;
import chat.model.Ids;
import chat.system.ChatSystem;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end-to-end encrypted against the real system: keys published at login, texts readable only on the devices
 * they were sealed for, safety numbers equal on both sides, and a changed identity key held back until accepted.
 */
@ExtendWith(SharedSystem.class)
class CliEncryptionEndToEndTest {

    @TempDir
    Path profiles;
    private ChatSystem system;
    private String alice;
    private String bob;

    @BeforeEach
    void users(ChatSystem system) {
        this.system = system;
        alice = CliRun.account(system, profiles, "alice", "cli");
        bob = CliRun.account(system, profiles, "bob", "laptop");
    }

    @Test
    void aTextIsReadOnTheRecipientsDeviceWhileTheServerServesOnlyCiphertext() {
        String conversation = CliRun.conversationOf(cli(alice, "send", "@" + bob, "meet", "at", "noon", "--wait", "0"));

        CliRun watched = cli(bob, "watch", "--count", "1", "--timeout", "30");
        assertThat(watched.out).as(watched.err).contains(": meet at noon");
        assertThat(cli(bob, "history", conversation).out).contains(": meet at noon"); // this device's copy

        // Another device of bob's, never given the key: the server's copy is all it has.
        String phone = bob + "-phone";
        CliRun login = cli(phone, "login", "--handle", bob, "--password", "pass-" + bob, "--device", "phone");
        assertThat(login.exit).as(login.err).isZero();
        assertThat(login.out).contains("until one of them approves it");
        CliRun serverCopy = cli(phone, "history", conversation);
        assertThat(serverCopy.exit).as(serverCopy.err).isZero();
        assertThat(serverCopy.out).contains(MessagePrinter.ENCRYPTED).doesNotContain("noon");
    }

    @Test
    void showingASafetyNumberUsesUpNoneOfTheirOneTimePrekeys() {
        TestUsers.User carol = new TestUsers(system).register("carol");
        String bearer = carol.device().credential();
        KeysApi keys = new KeysApi(new ChatHttpApi(system.api()));
        String bobId = new ChatHttpApi(system.api()).user(bob, bearer).userId();
        int before = keys.bundles(bearer, bobId).devices().get(0).oneTimePreKey().keyId();

        for (int i = 0; i < 3; i++) {
            assertThat(cli(alice, "verify", "@" + bob).exit).isZero();
        }

        // prekeys go out lowest id first: the next one is carol's again only if verify took none
        assertThat(keys.bundles(bearer, bobId).devices().get(0).oneTimePreKey().keyId()).isEqualTo(before + 1);
    }

    @Test
    void aDeviceTheAccountHasNotApprovedSendsNothing() {
        String phone = bob + "-phone";
        assertThat(cli(phone, "login", "--handle", bob, "--password", "pass-" + bob, "--device", "phone").exit)
                .isZero();

        CliRun sent = cli(phone, "send", "@" + alice, "hello", "--wait", "0", "--attempts", "1");

        assertThat(sent.exit).isEqualTo(1);
        assertThat(sent.err).contains("NOT_APPROVED");
        assertThat(sent.out).doesNotContain("SENT");
    }

    @Test
    void bothSidesShowTheSameSafetyNumberAndMarkingItRemembersTheUserAsVerified() {
        CliRun mine = cli(alice, "verify", "@" + bob);
        CliRun theirs = cli(bob, "verify", "@" + alice);

        assertThat(mine.exit).as(mine.err).isZero();
        assertThat(theirs.exit).as(theirs.err).isZero();
        assertThat(safetyNumberOf(mine)).isEqualTo(safetyNumberOf(theirs)).hasSize(60);
        assertThat(mine.out).contains("not verified");
        CliRun marked = cli(alice, "verify", "@" + bob, "--mark");
        assertThat(safetyNumberOf(marked)).isEqualTo(safetyNumberOf(mine));
        assertThat(marked.out).endsWith(System.lineSeparator() + "verified" + System.lineSeparator());
        assertThat(cli(alice, "verify", "@" + bob).out).doesNotContain("not verified");
    }

    @Test
    void aChangedIdentityKeyGetsNothingUntilItsNewSafetyNumberIsAccepted() {
        String before = safetyNumberOf(cli(alice, "verify", "@" + bob, "--mark"));
        // bob's only device goes; the account's next device makes a new identity key.
        assertThat(cli(bob, "logout").exit).isZero();
        String phone = bob + "-phone";
        CliRun login = cli(phone, "login", "--handle", bob, "--password", "pass-" + bob, "--device", "phone");
        assertThat(login.out).as(login.err).contains("keys published");

        CliRun changed = cli(alice, "verify", "@" + bob);
        assertThat(changed.exit).isEqualTo(1);
        assertThat(changed.err).contains("IDENTITY_CHANGED");
        assertThat(changed.out).contains("CHANGED");
        String after = safetyNumberOf(changed);
        assertThat(after).isNotEqualTo(before);
        assertThat(cli(alice, "verify", "@" + bob, "--mark").exit).isEqualTo(1); // not before accepting

        CliRun held = cli(alice, "send", "@" + bob, "held", "back", "--wait", "0");
        assertThat(held.err).contains("the safety number with @" + bob + " changed");

        CliRun accepted = cli(alice, "verify", "@" + bob, "--accept");
        assertThat(accepted.exit).as(accepted.err).isZero();
        assertThat(accepted.out).contains("accepted").contains("not verified");
        assertThat(safetyNumberOf(accepted)).isEqualTo(after);
        assertThat(safetyNumberOf(cli(phone, "verify", "@" + alice))).isEqualTo(after);
        assertThat(cli(alice, "send", "@" + bob, "after", "accepting", "--wait", "0").err)
                .doesNotContain("changed");

        CliRun watched = cli(phone, "watch", "--count", "1", "--timeout", "30");
        assertThat(watched.out).as(watched.err).contains(": after accepting").doesNotContain("held back");
    }

    @Test
    void verifyRefusesWhatHasNoSafetyNumber() {
        assertThat(cli(alice, "verify", "@" + alice).err).contains("INVALID_FIELD");
        assertThat(cli(alice, "verify", "g" + Ids.random(16)).err).contains("INVALID_FIELD");
        assertThat(cli(alice, "verify", "@" + bob, "--mark", "--accept").exit).isEqualTo(2);
        String silent = "carol_" + Ids.random(6);
        assertThat(cli(silent, "register", "--handle", silent, "--name", silent, "--password", "pass-" + silent)
                .exit).isZero();
        assertThat(cli(alice, "verify", "@" + silent).err).contains("NO_KEYS");
    }


    private CliRun cli(String profile, String... args) {
        return CliRun.of(system, profiles, profile, args);
    }
}
