package chat.cli;

import chat.model.Ids;
import chat.model.api.AccountCreated;
import chat.model.api.RegisterAccountRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "register", description = "Create an account.")
final class RegisterCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Option(names = "--handle", required = true, description = "your unique name: " + Ids.HANDLE_RULE)
    String handle;

    @Option(names = "--name", required = true, description = "display name")
    String name;

    @Option(names = "--password", arity = "0..1", interactive = true,
            description = "8-128 characters (prompted when given without a value)")
    String password;

    @Override
    public Integer call() {
        String h = handle.startsWith("@") ? handle.substring(1) : handle;
        AccountCreated created = root.httpApi().register(
                new RegisterAccountRequest(h, name, Passwords.require(password)));
        root.spec.commandLine().getOut().println("registered @" + created.handle() + " (" + created.userId() + ")");
        return 0;
    }
}
