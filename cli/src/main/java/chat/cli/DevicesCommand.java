package chat.cli;

import chat.model.api.DeviceList;
import chat.model.api.DeviceView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "devices", description = "List the account's devices (* marks this one).")
final class DevicesCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Override
    public Integer call() {
        Profile p = root.store().require();
        DeviceList list = root.httpApi().devices(root.token(p));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "DEVICE", "NAME", "ADDED"});
        for (DeviceView d : list.devices()) {
            rows.add(new String[] {d.current() ? "*" : "", d.deviceId(), d.name(), MessagePrinter.time(d.createdAt())});
        }
        Table.print(root.spec.commandLine().getOut(), rows);
        return 0;
    }
}
