package chat.cli;

import chat.client.ChatDevice;
import chat.client.LinkCode;
import chat.model.api.DeviceView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "approve", description = {"Approve a new device of this account: give it the account's identity key,"
        + " sealed to the link code it shows, so that it reads and sends end-to-end encrypted messages.",
        "Only approve a code you read on your own new device's screen."})
final class ApproveCommand implements Callable<Integer> {
    @ParentCommand
    DeviceCommand device;

    @Parameters(index = "0", paramLabel = "CODE", description = "the link code the new device shows")
    String code;

    @Override
    public Integer call() throws Exception {
        ChatCli root = device.root;
        LinkCode link = LinkCode.parse(code);
        Profile p = root.store().require();
        DeviceView target = root.httpApi().devices(root.token(p)).devices().stream()
                .filter(d -> d.deviceId().equals(link.deviceId())).findFirst()
                .orElseThrow(() -> new CliException("DEVICE_NOT_FOUND", "no device of @" + p.handle() + " has the"
                        + " id " + link.deviceId() + ": the code must come from a device logged in to this account"));
        try (DeviceLease lease = root.lease(p, b -> b.syncOnConnect(false), new ChatDevice.Listener() { })) {
            lease.start().get();
            lease.device().approve(link).get();
        }
        PrintWriter out = root.spec.commandLine().getOut();
        out.println("approved device " + target.name() + " (" + target.deviceId() + "): it receives the account's"
                + " identity key when it next connects (`chat link` there)");
        return 0;
    }
}
