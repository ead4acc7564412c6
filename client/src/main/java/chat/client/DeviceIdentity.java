package chat.client;

import chat.model.auth.DeviceCredential;

/** Whose device it is: from the credential when it names them, else from the first hello frame. */
record DeviceIdentity(String userId, String deviceId) {
    static final DeviceIdentity UNKNOWN = new DeviceIdentity(null, null);

    static DeviceIdentity of(String credential) {
        if (DeviceCredential.looksLikeCredential(credential)) {
            try {
                DeviceCredential parsed = DeviceCredential.parse(credential);
                return new DeviceIdentity(parsed.userId(), parsed.deviceId());
            } catch (RuntimeException ignored) {
                // the server will refuse it; identity comes from hello otherwise
            }
        }
        return UNKNOWN;
    }

    /** What is still unknown, filled in from a hello frame. */
    DeviceIdentity orElse(String helloUserId, String helloDeviceId) {
        return new DeviceIdentity(userId != null ? userId : helloUserId, deviceId != null ? deviceId : helloDeviceId);
    }
}
