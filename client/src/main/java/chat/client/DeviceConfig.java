package chat.client;

import chat.e2ee.messaging.SenderKeyRotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/** A device's settings as {@link ChatDeviceBuilder} collected them (see its setters for each one's meaning). */
record DeviceConfig(List<URI> endpoints, String credential, ChatHttpApi api, AutoAck autoAck, Duration ackWindow,
        boolean syncOnConnect, boolean repairGaps, boolean reconnect, FrameTap frameTap, Backoff backoff,
        int maxSendAttempts, Duration sendGiveUpAfter, Duration requestTimeout, Duration connectTimeout,
        Duration gapRepairAfter, Integer syncLimit, HttpClient httpClient, ConversationInbox inbox,
        DeviceStore store, KeyStore keyStore, SenderKeyRotation rotation, List<ChatDevice.Listener> listeners) {
}
