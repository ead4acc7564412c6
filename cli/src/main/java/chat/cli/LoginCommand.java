package chat.cli;

import chat.model.api.AddDeviceRequest;
import chat.model.api.DeviceCreated;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "login", description = "Add this machine as a device of an account and store its credential.")
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Option(names = "--handle", required = true)
    String handle;

    @Option(names = "--password", arity = "0..1", interactive = true,
            description = "the account's password (prompted when given without a value)")
    String password;

    @Option(names = "--device", required = true, paramLabel = "NAME", description = "a name for this device")
    String device;

    @Override
    public Integer call() {
        String h = handle.startsWith("@") ? handle.substring(1) : handle;
        ProfileStore store = root.store();
        DeviceCreated created = root.httpApi().addDevice(new AddDeviceRequest(h, Passwords.require(password), device));
        PrintWriter out = root.spec.commandLine().getOut();
        if (store.load().isPresent()) {
            root.spec.commandLine().getErr().println("note: replacing the device stored in " + store.path());
        }
        store.save(new Profile(h, created.userId(), created.deviceId(), device, created.credential(), Map.of(),
                Map.of()));
        out.println("logged in as @" + h + " (" + created.userId() + ") on device " + device + " ("
                + created.deviceId() + ")");
        out.println("profile: " + store.path());
        return 0;
    }
}
