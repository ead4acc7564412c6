package chat.cli;

import chat.client.EndToEndKeys;
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
        publishKeys(created, out);
        return 0;
    }

    /** So others can write to this device at once, not only after its first connect (which publishes them too). */
    private void publishKeys(DeviceCreated created, PrintWriter out) {
        root.closeLocalStore(); // the store of the profile just saved (maybe another user's before)
        try {
            EndToEndKeys.Result r = EndToEndKeys.publish(root.httpApi(), created.credential(), created.userId(),
                    root.localStore().e2ee());
            if (r == EndToEndKeys.Result.PUBLISHED) {
                out.println("end-to-end encryption keys published");
                return;
            }
            out.println("this account's identity key is on its other devices: this device can neither read nor send"
                    + " end-to-end encrypted messages until one of them approves it. On one of them run");
            out.println("  chat device approve " + LinkCommand.code(root, created.deviceId()));
            out.println("then `chat link` here (or any command that connects) receives the approval.");
        } catch (RuntimeException e) {
            root.spec.commandLine().getErr().println("warning: the keys were not published yet ("
                    + Errors.report(e).message() + "); they will be on the first connect");
        }
    }
}
