package chat.client;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A device's listeners: each call reaches every one, and one that throws does not stop the others. */
final class DeviceListeners {
    private static final System.Logger LOG = System.getLogger(ChatDevice.class.getName());

    private final List<ChatDevice.Listener> listeners = new CopyOnWriteArrayList<>();

    DeviceListeners(List<ChatDevice.Listener> initial) {
        listeners.addAll(initial);
    }

    void add(ChatDevice.Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    void remove(ChatDevice.Listener listener) {
        listeners.remove(listener);
    }

    void each(Consumer<ChatDevice.Listener> call) {
        for (ChatDevice.Listener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener failed", e);
            }
        }
    }
}
