package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2e.SharedSystem;
import chat.model.Ids;
import chat.system.ChatSystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against the real system: the README's walkthrough, plus groups. */
@ExtendWith(SharedSystem.class)
class CliEndToEndTest {
    @TempDir
    Path profiles;
    private ChatSystem system;

    @Test
    void registerLoginSendAndManageAGroupFromTheCommandLine(ChatSystem system) {
        this.system = system;
        String alice = "alice_" + Ids.random(6);
        String bob = "bob_" + Ids.random(6);
        String carol = "carol_" + Ids.random(6);
        for (String h : List.of(alice, bob, carol)) {
            assertThat(cli(h, "register", "--handle", h, "--name", h, "--password", "pass-" + h).exit).isZero();
            assertThat(cli(h, "login", "--handle", h, "--password", "pass-" + h, "--device", "cli").exit).isZero();
        }

        CliRun sent = cli(alice, "send", "@" + bob, "hello", "bob", "--wait", "0");
        assertThat(sent.exit).isZero();
        assertThat(sent.out).contains("SENT").contains("seq=1");

        CliRun watched = cli(bob, "watch", "--count", "1", "--timeout", "10");
        assertThat(watched.exit).isZero();
        assertThat(watched.out).contains("] " + alice + " (@" + alice + "): hello bob"); // display name, handle
        assertThat(cli(bob, "conversations").out).contains("@" + alice + " (" + alice + ")");

        CliRun created = cli(alice, "group", "create", "Hikers", "@" + bob);
        assertThat(created.exit).isZero();
        Matcher id = Pattern.compile("CREATED (g[0-9a-z]{16})").matcher(created.out);
        assertThat(id.find()).as(created.out).isTrue();
        String group = id.group(1);

        assertThat(cli(alice, "group", "add", group, "@" + carol).out).contains("ADD " + group + " seq=2");
        assertThat(cli(carol, "send", group, "hi", "all", "--wait", "0").out).contains("seq=3");
        // Nobody else online: the sender is told how far the message got instead of waiting in silence.
        assertThat(cli(alice, "send", group, "anyone?", "--wait", "1").out)
                .contains("SENT · delivered to 0 of 2 members, read by 0; the others get it when they come online");
        CliRun members = cli(bob, "group", "members", group);
        assertThat(members.out).contains("admin").contains("member").contains("@" + carol + " (" + carol + ")");
        assertThat(members.out.lines().count()).isEqualTo(4);

        CliRun refused = cli(bob, "group", "rename", group, "Mine");
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.err).contains("FORBIDDEN");

        CliRun list = cli(bob, "conversations");
        assertThat(list.exit).isZero();
        assertThat(list.out).contains(group);
    }

    @Test
    void listRemoveDevicesChangeThePasswordLogOutAndDeleteTheAccountFromTheCommandLine(ChatSystem system) {
        this.system = system;
        String dana = "dana_" + Ids.random(6);
        String laptop = dana + "-laptop";
        String phone = dana + "-phone";
        assertThat(cli(laptop, "register", "--handle", dana, "--name", "Dana", "--password", "pass-" + dana).exit)
                .isZero();
        assertThat(cli(laptop, "login", "--handle", dana, "--password", "pass-" + dana, "--device", "laptop").exit)
                .isZero();
        CliRun phoneLogin = cli(phone, "login", "--handle", dana, "--password", "pass-" + dana, "--device", "phone");
        Matcher phoneId = Pattern.compile("device phone \\((d[0-9a-z]{16})\\)").matcher(phoneLogin.out);
        assertThat(phoneId.find()).as(phoneLogin.out).isTrue();

        CliRun devices = cli(laptop, "devices");
        assertThat(devices.exit).isZero();
        assertThat(devices.out).contains("laptop").contains("phone").contains(phoneId.group(1));
        assertThat(devices.out.lines().filter(l -> l.startsWith("*")).toList()).hasSize(1)
                .allMatch(l -> l.contains("laptop"));

        CliRun unknown = cli(laptop, "device", "remove", "d" + "z".repeat(16));
        assertThat(unknown.exit).isEqualTo(1);
        assertThat(unknown.err).contains("DEVICE_NOT_FOUND");
        assertThat(cli(laptop, "device", "remove", phoneId.group(1)).out).contains("removed device " + phoneId.group(1));
        assertThat(cli(phone, "whoami", "--check").err).contains("UNAUTHENTICATED");

        CliRun wrong = cli(laptop, "password", "--current", "not-the-pass", "--new", "brand-new-pass");
        assertThat(wrong.exit).isEqualTo(1);
        assertThat(wrong.err).contains("UNAUTHENTICATED");
        assertThat(cli(laptop, "password", "--current", "pass-" + dana, "--new", "brand-new-pass").out)
                .contains("password changed");
        assertThat(cli(phone, "login", "--handle", dana, "--password", "brand-new-pass", "--device", "phone").exit)
                .isZero();
        CliRun loggedOut = cli(phone, "logout");
        assertThat(loggedOut.exit).isZero();
        assertThat(loggedOut.out).contains("logged out @" + dana);
        assertThat(cli(phone, "whoami").err).contains("NOT_LOGGED_IN");

        CliRun badDelete = cli(laptop, "account", "delete", "--password", "pass-" + dana);
        assertThat(badDelete.exit).isEqualTo(1);
        assertThat(badDelete.err).contains("UNAUTHENTICATED");
        CliRun deleted = cli(laptop, "account", "delete", "--password", "brand-new-pass");
        assertThat(deleted.exit).isZero();
        assertThat(deleted.out).contains("deleted account @" + dana);
        CliRun after = cli(laptop, "login", "--handle", dana, "--password", "brand-new-pass", "--device", "again");
        assertThat(after.exit).isEqualTo(1);
        assertThat(after.err).contains("UNAUTHENTICATED");
    }

    private CliRun cli(String profile, String... args) {
        return CliRun.of(system, profiles, profile, args);
    }
}
