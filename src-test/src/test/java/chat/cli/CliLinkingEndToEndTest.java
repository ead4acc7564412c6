package chat.cli;

import static chat.cli.CliRun.safetyNumberOf;
import static org.assertj.core.api.Assertions.assertThat;

import chat.client.LinkCode;
import chat.e2e.SharedSystem;
import chat.e2ee.curve.KeyPair;
import chat.system.ChatSystem;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linking a second device from the command line against the real system: the new device shows a code, the first
 * device approves it, and from then on both read and send end-to-end encrypted messages.
 */
@ExtendWith(SharedSystem.class)
class CliLinkingEndToEndTest {
    private static final Pattern APPROVE = Pattern.compile("chat device approve (\\S+)");

    @TempDir
    Path profiles;
    private ChatSystem system;
    private String alice;
    private String bob;
    private String phone;

    @BeforeEach
    void users(ChatSystem system) {
        this.system = system;
        alice = CliRun.account(system, profiles, "alice", "cli");
        bob = CliRun.account(system, profiles, "bob", "laptop");
        phone = bob + "-phone";
    }

    @Test
    void aDeviceApprovedByTheFirstOneReadsTheHistoryAndSendsEncryptedMessages() {
        assertThat(cli(alice, "send", "@" + bob, "before", "the", "phone", "--wait", "0").exit).isZero();
        assertThat(cli(bob, "watch", "--count", "1", "--timeout", "60").out).contains(": before the phone");
        String code = codeOf(cli(phone, "login", "--handle", bob, "--password", "pass-" + bob, "--device", "phone"));

        CliRun approved = cli(bob, "device", "approve", code);
        assertThat(approved.exit).as(approved.err).isZero();
        assertThat(approved.out).contains("approved device phone");
        CliRun linked = cli(phone, "link", "--timeout", "120");
        assertThat(linked.exit).as(linked.err).isZero();
        assertThat(linked.out).contains("approved by d");

        assertThat(cli(alice, "send", "@" + bob, "to", "both", "--wait", "0").err).doesNotContain("cannot read");
        assertThat(cli(bob, "watch", "--count", "1", "--timeout", "60").out).contains(": to both");
        // The history too: the approval carried the Sender Keys from their chains' start.
        assertThat(cli(phone, "watch", "--count", "2", "--timeout", "60").out).contains(": before the phone")
                .contains(": to both").doesNotContain("[waiting").doesNotContain("[couldn't");
        CliRun fromPhone = cli(phone, "send", "@" + alice, "from", "the", "phone", "--wait", "0");
        assertThat(fromPhone.exit).as(fromPhone.err).isZero();
        assertThat(cli(alice, "watch", "--count", "1", "--timeout", "60").out).contains(": from the phone");
        // One account identity: both of bob's devices show alice the same safety number.
        assertThat(safetyNumberOf(cli(phone, "verify", "@" + alice)))
                .isEqualTo(safetyNumberOf(cli(bob, "verify", "@" + alice)));
    }

    @Test
    void aDeviceWaitingForApprovalKeepsItsCodeAcrossRuns() {
        String code = codeOf(cli(phone, "login", "--handle", bob, "--password", "pass-" + bob, "--device", "phone"));

        CliRun waited = cli(phone, "link", "--timeout", "1");

        assertThat(waited.exit).isEqualTo(1);
        assertThat(waited.err).contains("TIMEOUT");
        assertThat(codeOf(waited)).isEqualTo(code);
        assertThat(cli(bob, "link").out).contains("this device is approved");
    }

    @Test
    void aCodeIsRefusedUnlessItNamesADeviceOfTheAccount() {
        assertThat(cli(bob, "device", "approve", "not-a-code").err).contains("INVALID_FIELD");
        String carol = CliRun.account(system, profiles, "carol", "cli");
        String carolsPhone = carol + "-phone";
        String othersCode = codeOf(cli(carolsPhone, "login", "--handle", carol, "--password", "pass-" + carol,
                "--device", "phone"));
        assertThat(cli(bob, "device", "approve", othersCode).err).contains("DEVICE_NOT_FOUND");
        String unknown = new LinkCode("d" + "0".repeat(16), KeyPair.generate(new SecureRandom()).publicKey())
                .toString();
        assertThat(cli(bob, "device", "approve", unknown).err).contains("DEVICE_NOT_FOUND");
        // Nothing reached carol's phone: it still waits.
        assertThat(cli(carolsPhone, "link", "--timeout", "1").err).contains("TIMEOUT");
    }

    private static String codeOf(CliRun run) {
        Matcher m = APPROVE.matcher(run.out);
        assertThat(m.find()).as(run.out + run.err).isTrue();
        return m.group(1);
    }


    private CliRun cli(String profile, String... args) {
        return CliRun.of(system, profiles, profile, args);
    }
}
