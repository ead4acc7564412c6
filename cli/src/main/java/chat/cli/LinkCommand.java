package chat.cli;

import chat.client.ChatDevice;
import chat.client.EndToEndKeys;
import chat.client.LinkCode;
import chat.client.store.E2eeStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "link", description = {"Show this device's link code and wait until another device of the account"
        + " approves it (`chat device approve CODE` there): then this device holds the account's identity key and"
        + " reads and sends end-to-end encrypted messages."})
final class LinkCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "how long to wait for the approval (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    /** This device's link code (made and kept in the profile's store the first time). */
    static LinkCode code(ChatCli root, String deviceId) {
        return EndToEndKeys.linkCode(root.localStore().e2ee(), deviceId).orElseThrow(() -> new CliException(
                "ALREADY_APPROVED", "this device holds the account's identity key already"));
    }

    @Override
    public Integer call() throws Exception {
        Profile p = root.store().require();
        E2eeStore keys = root.localStore().e2ee();
        PrintWriter out = root.spec.commandLine().getOut();
        if (keys.hasIdentity()) {
            out.println("this device is approved: it holds the account's identity key");
            return 0;
        }
        out.println("on another device of @" + p.handle() + " run:");
        out.println("  chat device approve " + code(root, p.deviceId()));
        out.println("waiting up to " + timeoutSeconds + " s for the approval...");
        CompletableFuture<String> approved = new CompletableFuture<>();
        try (DeviceLease lease = root.lease(p, b -> b.syncOnConnect(false), new ChatDevice.Listener() {
            @Override
            public void onLinked(String approverDeviceId) {
                approved.complete(approverDeviceId);
            }
        })) {
            lease.start().get();
            String by;
            try {
                by = approved.get(Math.max(1, timeoutSeconds), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (!keys.hasIdentity()) {
                    throw new CliException("TIMEOUT", "no approval arrived in " + timeoutSeconds + " s; the code"
                            + " stays the same until one does: run `chat link` again");
                }
                by = "another device"; // approved meanwhile by a run of this profile that connected first
            }
            out.println("approved by " + by + ": this device holds the account's identity key and published its"
                    + " keys");
        }
        return 0;
    }
}
