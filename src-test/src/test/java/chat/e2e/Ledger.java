package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatDevice;
import chat.client.MessageState;
import chat.client.OutgoingMessage;
import chat.model.frames.ChatMessage;
import chat.model.frames.ErrorFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.ServerFrame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Accounts for every message of a fault test: what the senders got SENT for, and what each device showed on its
 * screen (its {@code onMessage} callbacks, in order). From these it counts, per fault: sent, delivered (device ×
 * message), duplicated on a screen (the same seq twice, or one clientMsgId stored under two seqs), lost (SENT but
 * never shown on a member's device), reordered (shown out of seq order), corrupted (shown with another message's
 * content), and failed sends. Wire duplicates — live pushes and sync pages that repeated a message, which the client
 * dropped — show that the fault really happened.
 */
final class Ledger {
    private final String fault;
    private final Map<String, Sent> sentByClientMsgId = new ConcurrentHashMap<>();
    private final Set<String> storedTwice = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<String, List<ChatMessage>> screens = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> wire = new ConcurrentHashMap<>();
    private final Map<String, Integer> reconnects = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> devicesOf = new ConcurrentHashMap<>();

    /** A message the server acknowledged with SENT. */
    record Sent(String conversationId, long seq, String clientMsgId, String body, String device) {
    }

    /** The counts of one fault; {@link #line()} is what the test prints. */
    record Counts(String fault, int sent, int expected, int delivered, int duplicated, int lost, int reordered,
            int corrupted, int failed, int wireDuplicates, int resends, int reconnects) {
        String line() {
            return String.format("fault=%-22s sent=%d delivered=%d/%d duplicated=%d lost=%d reordered=%d "
                    + "corrupted=%d failed=%d | wire duplicates dropped=%d resends=%d reconnects=%d", fault, sent,
                    delivered, expected, duplicated, lost, reordered, corrupted, failed, wireDuplicates, resends,
                    reconnects);
        }

        void assertNothingLostDuplicatedOrReordered() {
            assertThat(sent).as(line()).isPositive();
            assertThat(List.of(duplicated, lost, reordered, corrupted, failed)).as(line())
                    .containsOnly(0);
            assertThat(delivered).as(line()).isEqualTo(expected);
        }
    }

    Ledger(String fault) {
        this.fault = fault;
    }

    /** The devices (by name) whose screens must show every message of the conversation. */
    void expect(String conversationId, Collection<String> devices) {
        devicesOf.computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet()).addAll(devices);
    }

    /** Records what one device shows, sends and receives on the wire. */
    ChatDevice.Listener listener(String device) {
        screens.put(device, new CopyOnWriteArrayList<>());
        wire.put(device, new ConcurrentHashMap<>());
        return new ChatDevice.Listener() {
            @Override
            public void onMessage(ChatMessage m) {
                screens.get(device).add(m);
            }

            @Override
            public void onOutgoing(OutgoingMessage m) {
                attempts.merge(m.clientMsgId(), m.attempts(), Math::max);
                if (m.state() == MessageState.SENT) {
                    Sent s = new Sent(m.conversationId(), m.seq(), m.clientMsgId(), m.body(), device);
                    Sent earlier = sentByClientMsgId.putIfAbsent(m.clientMsgId(), s);
                    if (earlier != null && earlier.seq() != s.seq()) {
                        storedTwice.add(m.clientMsgId());
                    }
                } else if (m.state() == MessageState.FAILED) {
                    failed.add(m.clientMsgId());
                    failures.merge(String.valueOf(m.failure()), 1, Integer::sum);
                }
            }

            @Override
            public void onFrame(ServerFrame frame) {
                if (frame instanceof ErrorFrame e) {
                    refusals.merge(e.code().name(), 1, Integer::sum);
                } else if (frame instanceof MessageFrame f) {
                    wire.get(device).merge(f.message().conversationId() + "#" + f.message().seq(), 1, Integer::sum);
                }
            }

            @Override
            public void onState(ChatDevice.State state, String detail) {
                if (state == ChatDevice.State.RECONNECTING) {
                    reconnects.merge(device, 1, Integer::sum);
                }
            }
        };
    }

    int sent() {
        return sentByClientMsgId.size();
    }

    /** True once every SENT message is on the screen of every device that must show it. */
    boolean complete() {
        for (Sent s : sentByClientMsgId.values()) {
            for (String device : devicesOf.getOrDefault(s.conversationId(), Set.of())) {
                if (screens.get(device).stream().noneMatch(m -> m.conversationId().equals(s.conversationId())
                        && m.seq() == s.seq())) {
                    return false;
                }
            }
        }
        return true;
    }

    Counts counts() {
        Map<String, Sent> bySeq = new HashMap<>();
        sentByClientMsgId.values().forEach(s -> bySeq.put(s.conversationId() + "#" + s.seq(), s));
        int expected = 0;
        int delivered = 0;
        int lost = 0;
        for (Sent s : sentByClientMsgId.values()) {
            for (String device : devicesOf.getOrDefault(s.conversationId(), Set.of())) {
                expected++;
                if (screens.get(device).stream().anyMatch(m -> m.conversationId().equals(s.conversationId())
                        && m.seq() == s.seq())) {
                    delivered++;
                } else {
                    lost++;
                }
            }
        }
        int duplicated = storedTwice.size();
        int reordered = 0;
        int corrupted = 0;
        for (List<ChatMessage> screen : screens.values()) {
            Set<String> shown = new HashSet<>();
            Set<String> shownIds = new HashSet<>();
            Map<String, Long> last = new LinkedHashMap<>();
            for (ChatMessage m : screen) {
                String key = m.conversationId() + "#" + m.seq();
                if (!shown.add(key) || m.clientMsgId() != null
                        && !shownIds.add(m.conversationId() + "#" + m.senderDeviceId() + "#" + m.clientMsgId())) {
                    duplicated++;
                    continue;
                }
                Long previous = last.put(m.conversationId(), m.seq());
                if (previous != null && m.seq() != previous + 1) {
                    reordered++;
                }
                Sent s = bySeq.get(key);
                if (s != null && (!Objects.equals(s.clientMsgId(), m.clientMsgId())
                        || !Objects.equals(s.body(), m.body()))) {
                    corrupted++;
                }
            }
        }
        int wireDuplicates = 0;
        for (Map<String, Integer> copies : wire.values()) {
            for (int n : copies.values()) {
                wireDuplicates += n - 1;
            }
        }
        int resends = attempts.values().stream().mapToInt(a -> Math.max(0, a - 1)).sum();
        int reconnectCount = reconnects.values().stream().mapToInt(Integer::intValue).sum();
        return new Counts(fault, sentByClientMsgId.size(), expected, delivered, duplicated, lost, reordered,
                corrupted, failed.size(), wireDuplicates, resends, reconnectCount);
    }

    /** Error frames the devices got, by code (retryable ones are resent or retried). */
    Map<String, Integer> refusals() {
        return new java.util.TreeMap<>(refusals);
    }

    /** Why sends failed, with how often. */
    Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }

    /** Devices that showed nothing yet of a conversation they belong to (for failure messages). */
    List<String> behind() {
        List<String> out = new ArrayList<>();
        for (Sent s : sentByClientMsgId.values()) {
            for (String device : devicesOf.getOrDefault(s.conversationId(), Set.of())) {
                if (screens.get(device).stream().noneMatch(m -> m.conversationId().equals(s.conversationId())
                        && m.seq() == s.seq())) {
                    out.add(device + " lacks " + s.conversationId() + "#" + s.seq());
                }
            }
        }
        return out;
    }
}
