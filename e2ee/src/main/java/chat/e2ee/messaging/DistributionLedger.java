package chat.e2ee.messaging;

import chat.e2ee.session.Address;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which devices already hold this device's current Sender Key for a conversation, so each key is sent to each device
 * once, and from which chain position each was given it, so a device that asks for it again is given no earlier
 * position than it had (a member who joined mid-chain never reads what came before). Keyed by the Sender Key's id: a
 * rotated key starts with no holders.
 */
public interface DistributionLedger {
    /** The chain position the device was given the key at; empty when it was not given it. */
    OptionalInt heldFrom(String conversationId, int keyId, Address device);

    /** The device was given the key at {@code fromIteration}; a position recorded before is kept. */
    void recordHolder(String conversationId, int keyId, Address device, int fromIteration);

    /** Every device the key was sent to. */
    Set<Address> holders(String conversationId, int keyId);

    /** In memory, for tests and for embedding. */
    final class InMemory implements DistributionLedger {
        private final Map<String, Map<Address, Integer>> holders = new HashMap<>();

        @Override
        public synchronized OptionalInt heldFrom(String conversationId, int keyId, Address device) {
            Integer from = holders.getOrDefault(conversationId + "#" + keyId, Map.of()).get(device);
            return from == null ? OptionalInt.empty() : OptionalInt.of(from);
        }

        @Override
        public synchronized void recordHolder(String conversationId, int keyId, Address device, int fromIteration) {
            holders.computeIfAbsent(conversationId + "#" + keyId, k -> new HashMap<>()).putIfAbsent(device,
                    fromIteration);
        }

        @Override
        public synchronized Set<Address> holders(String conversationId, int keyId) {
            return Set.copyOf(holders.getOrDefault(conversationId + "#" + keyId, Map.of()).keySet());
        }
    }
}
