package chat.model.api;

import java.util.List;

/** GET /v1/devices: the caller's devices, oldest first. */
public record DeviceList(List<DeviceView> devices) {
    public DeviceList {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }
}
