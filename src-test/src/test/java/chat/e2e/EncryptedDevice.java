package chat.e2e;

import chat.client.ChatDevice;
import chat.client.ChatHttpApi;
import chat.client.KeysApi;
import chat.client.UndecryptableMessage;
import chat.client.store.LocalStore;
import chat.e2ee.messaging.SenderKeyRotation;
import chat.model.frames.ChatMessage;
import chat.system.ChatSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An SDK device with end-to-end encryption and its own local store, against the real system, and the texts it
 * showed. Closing it closes the device and then its store.
 */
final class EncryptedDevice implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(30);
    final TestUsers.Device device;
    final LocalStore store;
    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<UndecryptableMessage> unreadable = new CopyOnWriteArrayList<>();
    private final ChatSystem system;
    private final TestUsers users;
    ChatDevice chat;

    EncryptedDevice(ChatSystem system, TestUsers users, TestUsers.Device device, Path storeDir) {
        this.system = system;
        this.users = users;
        this.device = device;
        this.store = LocalStore.open(storeDir);
    }

    EncryptedDevice start() throws Exception {
        return start(SenderKeyRotation.DEFAULT);
    }

    EncryptedDevice start(SenderKeyRotation rotation) throws Exception {
        chat = ChatDevice.builder(system.ws(0), device.credential()).api(new ChatHttpApi(system.api(0)))
                .endToEnd(store.e2ee()).senderKeyRotation(rotation).listener(new ChatDevice.Listener() {
                    @Override
                    public void onMessage(ChatMessage m) {
                        if (m.body() != null) {
                            texts.add(new String(Base64.getDecoder().decode(m.body()), StandardCharsets.UTF_8));
                        }
                    }

                    @Override
                    public void onUndecryptable(UndecryptableMessage m) {
                        unreadable.add(m);
                    }
                }).build();
        chat.start().get(START.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    void stop() {
        if (chat != null) {
            chat.close();
            chat = null;
        }
    }

    /** Whether the directory holds this device's signed prekey and its account's signed device list. */
    boolean published() {
        KeysApi keys = new KeysApi(new ChatHttpApi(system.api(0)));
        String bearer = bearer();
        return keys.counts(bearer).signedPreKeyId() != null
                && keys.identities(bearer, device.userId()).deviceList() != null;
    }

    String bearer() {
        return users.api().token(device.credential()).token();
    }

    @Override
    public void close() {
        stop();
        store.close();
    }
}
