package chat.cli;

import chat.client.EndToEndKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code chat device remove <deviceId>}, {@code chat device approve <code>}. */
@Command(name = "device", description = "Manage the account's devices (list them with: devices).",
        subcommands = {DeviceCommand.Remove.class, ApproveCommand.class})
final class DeviceCommand {
    @ParentCommand
    ChatCli root;

    private DeviceCommand() {
    }

    @Command(name = "remove", description = "Remove a device: it is taken out of the account's signed device list "
            + "(no client encrypts to it again), its credential stops working and its connection closes (code 4003)."
            + " Removing this device is the same as logout.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Parameters(index = "0", paramLabel = "DEVICE_ID")
        String deviceId;

        @Override
        public Integer call() {
            ChatCli root = device.root;
            ProfileStore store = root.store();
            Profile p = store.require();
            EndToEndKeys.removeDevice(root.httpApi(), root.token(p), p.userId(), deviceId, root.localStore().e2ee());
            root.closeLocalStore(); // before the profile, and with it the store, may be deleted
            root.spec.commandLine().getOut().println("removed device " + deviceId);
            if (deviceId.equals(p.deviceId())) {
                store.delete();
                root.spec.commandLine().getOut().println("this was this device: logged out, " + store.path()
                        + " deleted");
            }
            return 0;
        }
    }
}
