package chat.client;

import chat.e2ee.messaging.SenderKeyRotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Settings of a device; every one has a default. */
public final class ChatDeviceBuilder {
    private final List<URI> endpoints;
    private final String credential;
    private ChatHttpApi api;
    private boolean autoAckDelivered = true;
    private boolean autoAckRead;
    private Duration ackWindow = AckCoalescer.DEFAULT_WINDOW;
    private boolean syncOnConnect = true;
    private boolean repairGaps = true;
    private boolean reconnect = true;
    private FrameTap frameTap = FrameTap.NONE;
    private Backoff backoff = Backoff.defaults();
    private int maxSendAttempts = Outbox.DEFAULT_MAX_ATTEMPTS;
    private Duration sendGiveUpAfter = ResendPolicy.DEFAULT_GIVE_UP_AFTER;
    private Duration requestTimeout = ConnectionOptions.DEFAULT_REQUEST_TIMEOUT;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration gapRepairAfter = Duration.ofSeconds(1);
    private Integer syncLimit;
    private HttpClient httpClient;
    private ConversationInbox inbox;
    private DeviceStore store;
    private KeyStore keyStore;
    private SenderKeyRotation rotation = SenderKeyRotation.DEFAULT;
    private final List<ChatDevice.Listener> listeners = new ArrayList<>();

    ChatDeviceBuilder(List<URI> endpoints, String credential) {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one broker URL is required");
        }
        endpoints.forEach(u -> Objects.requireNonNull(u, "ws"));
        this.endpoints = List.copyOf(endpoints);
        this.credential = credential;
    }

    /** Exchange the credential for tokens through this API; without one, the credential itself is the bearer. */
    public ChatDeviceBuilder api(ChatHttpApi value) {
        this.api = value;
        return this;
    }

    /** Ack delivered up to the contiguous cursor after each delivery (default true). */
    public ChatDeviceBuilder autoAckDelivered(boolean value) {
        this.autoAckDelivered = value;
        return this;
    }

    /**
     * How long an ack waits for others of its conversation before one frame carries them all (default
     * {@link AckCoalescer#DEFAULT_WINDOW}; zero sends each as soon as no ack of the conversation is in flight).
     */
    public ChatDeviceBuilder ackWindow(Duration value) {
        this.ackWindow = Objects.requireNonNull(value);
        return this;
    }

    /** Also ack read up to the contiguous cursor (default false). */
    public ChatDeviceBuilder autoAckRead(boolean value) {
        this.autoAckRead = value;
        return this;
    }

    /** Sync until caught up on every connect (default true). */
    public ChatDeviceBuilder syncOnConnect(boolean value) {
        this.syncOnConnect = value;
        return this;
    }

    /** Sync when a gap persists for gapRepairAfter (default true). */
    public ChatDeviceBuilder repairGaps(boolean value) {
        this.repairGaps = value;
        return this;
    }

    /** Reconnect after unexpected closes (default true; never after 4001). */
    public ChatDeviceBuilder reconnect(boolean value) {
        this.reconnect = value;
        return this;
    }

    /** Every connection reports its frames to this tap too (tests record them; default none). */
    public ChatDeviceBuilder frameTap(FrameTap value) {
        this.frameTap = Objects.requireNonNull(value);
        return this;
    }

    /** Backoff of reconnects, resends and ack retries (default 200 ms base, 5 s cap). */
    public ChatDeviceBuilder backoff(Backoff value) {
        this.backoff = Objects.requireNonNull(value);
        return this;
    }

    /** Frames a message may put on the wire before it is FAILED (default 12). */
    public ChatDeviceBuilder maxSendAttempts(int value) {
        this.maxSendAttempts = value;
        return this;
    }

    /** How long after its first attempt a message may still be resent (default 60 s). */
    public ChatDeviceBuilder sendGiveUpAfter(Duration value) {
        this.sendGiveUpAfter = Objects.requireNonNull(value);
        return this;
    }

    public ChatDeviceBuilder requestTimeout(Duration value) {
        this.requestTimeout = Objects.requireNonNull(value);
        return this;
    }

    public ChatDeviceBuilder connectTimeout(Duration value) {
        this.connectTimeout = Objects.requireNonNull(value);
        return this;
    }

    public ChatDeviceBuilder gapRepairAfter(Duration value) {
        this.gapRepairAfter = Objects.requireNonNull(value);
        return this;
    }

    /** Page size asked for in sync requests (null: the server's default). */
    public ChatDeviceBuilder syncLimit(Integer value) {
        this.syncLimit = value;
        return this;
    }

    public ChatDeviceBuilder httpClient(HttpClient value) {
        this.httpClient = value;
        return this;
    }

    /** Start from an existing inbox (e.g. cursors restored from disk). */
    public ChatDeviceBuilder inbox(ConversationInbox value) {
        this.inbox = value;
        return this;
    }

    /**
     * Keep the device's history, cursors and pending sends in this store (e.g. {@code LocalStore.deviceStore()}):
     * the device then syncs from the stored cursors, records what it receives and sends, and sends again what a
     * previous run left pending. Without one (the default) all of it lives in memory only.
     */
    public ChatDeviceBuilder store(DeviceStore value) {
        this.store = value;
        return this;
    }

    /**
     * Encrypt every message end to end (docs/e2ee.md) with the keys in this store (e.g. {@code LocalStore.e2ee()}):
     * the device publishes its keys, seals each message with its Sender Key and opens what it receives. Needs an
     * {@link #api}. Without one (the default) bodies go to the server as given.
     */
    public ChatDeviceBuilder endToEnd(KeyStore value) {
        this.keyStore = value;
        return this;
    }

    /**
     * When this device starts a new Sender Key in a conversation although nobody left (default
     * {@link SenderKeyRotation#DEFAULT}: after 7 days or 1,000 messages on one key).
     */
    public ChatDeviceBuilder senderKeyRotation(SenderKeyRotation value) {
        this.rotation = Objects.requireNonNull(value, "rotation");
        return this;
    }

    public ChatDeviceBuilder listener(ChatDevice.Listener value) {
        this.listeners.add(Objects.requireNonNull(value));
        return this;
    }

    public ChatDevice build() {
        if (keyStore != null && api == null) {
            throw new IllegalStateException("end-to-end encryption needs the REST API (api(...)): the key directory");
        }
        return new ChatDevice(new DeviceConfig(endpoints, Objects.requireNonNull(credential, "credential"), api,
                AutoAck.of(autoAckDelivered, autoAckRead), ackWindow, syncOnConnect, repairGaps, reconnect, frameTap,
                backoff, maxSendAttempts, sendGiveUpAfter, requestTimeout, connectTimeout, gapRepairAfter, syncLimit,
                httpClient, inbox, store, keyStore, rotation, List.copyOf(listeners)));
    }
}
