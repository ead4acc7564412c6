package chat.cli;

import chat.model.api.ChangePasswordRequest;
import chat.model.api.PasswordChanged;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "password", description = "Change the account's password.")
final class PasswordCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Option(names = "--current", arity = "0..1", interactive = true,
            description = "the current password (prompted when given without a value)")
    String current;

    @Option(names = "--new", arity = "0..1", interactive = true,
            description = "the new password, 8 to 128 characters (prompted when given without a value)")
    String replacement;

    @Option(names = "--revoke-other-devices", description = "also remove every other device of the account")
    boolean revokeOthers;

    @Override
    public Integer call() {
        Profile p = root.store().require();
        PasswordChanged changed = root.httpApi().changePassword(root.token(p),
                new ChangePasswordRequest(Passwords.require(current, "--current"),
                        Passwords.require(replacement, "--new"), revokeOthers));
        PrintWriter out = root.spec.commandLine().getOut();
        out.println("password changed");
        changed.revokedDeviceIds().forEach(id -> out.println("removed device " + id));
        return 0;
    }
}
