package chat.cli;

import chat.model.api.DeleteAccountRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code chat account delete}. */
@Command(name = "account", description = "Manage the account.", subcommands = AccountCommand.Delete.class)
final class AccountCommand {
    @ParentCommand
    ChatCli root;

    private AccountCommand() {
    }

    @Command(name = "delete", description = "Delete the account: every device is removed, groups are left, the "
            + "handle stays reserved for a quarantine (30 days by default) and is then free.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        AccountCommand account;

        @Option(names = "--password", arity = "0..1", interactive = true,
                description = "the account's password, to confirm (prompted when given without a value)")
        String password;

        @Override
        public Integer call() {
            ChatCli root = account.root;
            ProfileStore store = root.store();
            Profile p = store.require();
            root.httpApi().deleteAccount(root.token(p), new DeleteAccountRequest(Passwords.require(password)));
            store.delete();
            root.spec.commandLine().getOut().println("deleted account @" + p.handle() + "; " + store.path()
                    + " deleted");
            return 0;
        }
    }
}
