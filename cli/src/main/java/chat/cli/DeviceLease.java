package chat.cli;

import chat.client.ChatDevice;
import java.util.concurrent.CompletableFuture;

/**
 * A command's use of the profile's device: a device of its own (started and closed by the command), or the live
 * session's (already running; the command only listens to it meanwhile and leaves it running).
 */
interface DeviceLease extends AutoCloseable {
    ChatDevice device();

    /** Completes when the device is online. */
    CompletableFuture<?> start();

    @Override
    void close();

    static DeviceLease own(ChatDevice device) {
        return new DeviceLease() {
            @Override
            public ChatDevice device() {
                return device;
            }

            @Override
            public CompletableFuture<?> start() {
                return device.start();
            }

            @Override
            public void close() {
                device.close();
            }
        };
    }

    static DeviceLease shared(ChatDevice device, ChatDevice.Listener listener) {
        device.addListener(listener);
        return new DeviceLease() {
            @Override
            public ChatDevice device() {
                return device;
            }

            @Override
            public CompletableFuture<?> start() {
                return device.awaitOnline();
            }

            @Override
            public void close() {
                device.removeListener(listener);
            }
        };
    }
}
