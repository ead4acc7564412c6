package chat.bench;

import chat.client.ChatHttpApi;
import chat.model.Ids;
import chat.model.Limits;
import chat.model.api.AddDeviceRequest;
import chat.model.api.RegisterAccountRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Many distinct devices with a fresh token each, made the way a real client makes them (register, log a device in,
 * get a token), with as few accounts as the product allows: a user may have {@value Limits#MAX_DEVICES_PER_USER} devices, and a
 * device holds one connection at a time.
 */
final class BenchDevices {
    private static final int DEVICES_PER_USER = Limits.MAX_DEVICES_PER_USER;

    private BenchDevices() {
    }

    /** Tokens of {@code count} distinct devices. */
    static String[] tokens(BenchAccounts accounts, int count) {
        ChatHttpApi http = accounts.http();
        int users = (count + DEVICES_PER_USER - 1) / DEVICES_PER_USER;
        List<List<String>> perUser = BenchAccounts.parallel(users, u -> {
            String handle = ("conn_" + Ids.random(10)).toLowerCase();
            http.register(new RegisterAccountRequest(handle, "conn", BenchAccounts.PASSWORD));
            List<String> tokens = new ArrayList<>();
            for (int d = 0; d < Math.min(DEVICES_PER_USER, count - u * DEVICES_PER_USER); d++) {
                String credential = http.addDevice(new AddDeviceRequest(handle, BenchAccounts.PASSWORD, "idle" + d))
                        .credential();
                tokens.add(http.token(credential).token());
            }
            return tokens;
        });
        return perUser.stream().flatMap(List::stream).toArray(String[]::new);
    }
}
