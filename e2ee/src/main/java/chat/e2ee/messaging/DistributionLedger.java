package chat.e2ee.messaging;

import chat.e2ee.session.Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which devices already hold this device's current Sender Key for a conversation, so each key is sent to each device
 * once. Keyed by the Sender Key's id: a rotated key starts with no holders.
 */
public interface DistributionLedger {
    boolean holds(String conversationId, int keyId, Address device);

    void recordHolder(String conversationId, int keyId, Address device);

    /** Every device the key was sent to. */
    Set<Address> holders(String conversationId, int keyId);

    /** In memory, for tests and for embedding. */
    final class InMemory implements DistributionLedger {
        private final Map<String, Set<Address>> holders = new HashMap<>();

        @Override
        public synchronized boolean holds(String conversationId, int keyId, Address device) {
            return holders.getOrDefault(conversationId + "#" + keyId, Set.of()).contains(device);
        }

        @Override
        public synchronized void recordHolder(String conversationId, int keyId, Address device) {
            holders.computeIfAbsent(conversationId + "#" + keyId, k -> new HashSet<>()).add(device);
        }

        @Override
        public synchronized Set<Address> holders(String conversationId, int keyId) {
            return Set.copyOf(holders.getOrDefault(conversationId + "#" + keyId, Set.of()));
        }
    }
}
