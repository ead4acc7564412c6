package chat.cli;

import chat.client.EndToEndKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "logout", description = "Remove this device from the account and delete its stored credential.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Override
    public Integer call() {
        ProfileStore store = root.store();
        Profile p = store.require();
        EndToEndKeys.removeDevice(root.httpApi(), root.token(p), p.userId(), p.deviceId(), root.localStore().e2ee());
        root.closeLocalStore(); // before the profile, and with it the store, may be deleted
        store.delete();
        root.spec.commandLine().getOut().println("logged out @" + p.handle() + " on device " + p.deviceName() + " ("
                + p.deviceId() + "); " + store.path() + " deleted");
        return 0;
    }
}
