package chat.cli;

import chat.model.api.TokenIssued;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "whoami", description = "Show the logged-in account and device.")
final class WhoamiCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Option(names = "--check", description = "also ask the server whether the credential is valid")
    boolean check;

    @Override
    public Integer call() {
        ProfileStore store = root.store();
        Profile p = store.require();
        PrintWriter out = root.spec.commandLine().getOut();
        out.println("handle:  @" + p.handle());
        out.println("user:    " + p.userId());
        out.println("device:  " + p.deviceName() + " (" + p.deviceId() + ")");
        out.println("profile: " + store.path());
        if (check) {
            TokenIssued token = root.httpApi().token(p.credential());
            out.println("credential: valid (token until " + MessagePrinter.time(token.expiresAt()) + ")");
        }
        return 0;
    }
}
