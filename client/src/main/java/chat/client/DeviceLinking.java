package chat.client;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.group.GroupSessionBuilder;
import chat.e2ee.group.SenderKeyName;
import chat.e2ee.linking.AccountProvision;
import chat.e2ee.session.Address;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeSuite;
import chat.model.frames.OutgoingEnvelope;
import chat.model.keys.KeyLimits;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Linking a device to its account (docs/e2ee.md, Devices a user approved): the new device shows a {@link LinkCode};
 * a device of the account that holds the identity key seals it to the code's key ({@link AccountProvision}) and puts
 * it in the new device's inbox as a {@code plain} envelope; the new device opens it, keeps the identity and
 * publishes its keys. Only a provision from the device's own account, sealed to the key it is waiting with, counts.
 */
final class DeviceLinking {
    private static final System.Logger LOG = System.getLogger(DeviceLinking.class.getName());

    /** Room for history keys in one approval envelope (bodies are at most 65,536 bytes; the rest is overhead). */
    static final int HISTORY_BYTES = 60_000;

    private final KeyStore store;
    private final Supplier<DeviceIdentity> identity;
    private final SecureRandom random;

    DeviceLinking(KeyStore store, Supplier<DeviceIdentity> identity, SecureRandom random) {
        this.store = store;
        this.identity = identity;
        this.random = random;
    }

    /** The code this device shows while it waits; empty once it holds the account identity. */
    static Optional<LinkCode> codeFor(KeyStore store, String deviceId, SecureRandom random) {
        if (store.hasIdentity()) {
            return Optional.empty();
        }
        KeyPair key = store.provisioningKey(() -> KeyPair.generate(random));
        return Optional.of(new LinkCode(deviceId, key.publicKey()));
    }

    /** The envelope that approves the device showing {@code code}: the account identity sealed to its key. */
    OutgoingEnvelope approval(LinkCode code) {
        DeviceIdentity me = identity.get();
        if (!store.hasIdentity()) {
            throw new EndToEndException(EndToEndException.Reason.NOT_APPROVED, "this device has no keys of the"
                    + " account itself: approve the new device from one that has");
        }
        if (code.deviceId().equals(me.deviceId())) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "that is this device's own link code");
        }
        byte[] sealed = new AccountProvision(me.userId(), store.identityKeyPair(), me.deviceId(), history())
                .seal(code.provisioningKey(), random);
        return new OutgoingEnvelope(me.userId(), code.deviceId(), "link-" + UUID.randomUUID(), EnvelopeSuite.SIGNAL_V3,
                EnvelopeKind.PLAIN, Base64.getEncoder().encodeToString(sealed));
    }

    /**
     * The Sender Keys this device holds, each from its chain's start, as many as fit in one envelope: enough for
     * the new device to open the conversations' stored history (the keys that do not fit are logged and left out).
     */
    private List<AccountProvision.HistoryKey> history() {
        GroupSessionBuilder builder = new GroupSessionBuilder(store, random);
        List<AccountProvision.HistoryKey> keys = new ArrayList<>();
        int size = 0;
        int left = 0;
        for (SenderKeyName name : store.senderKeyNames()) {
            for (SenderKeyDistributionMessage m : builder.fromTheStart(name)) {
                AccountProvision.HistoryKey key = new AccountProvision.HistoryKey(name.conversationId(),
                        name.sender().userId(), name.sender().deviceId(), m.serialized());
                if (size + key.size() > HISTORY_BYTES) {
                    left++;
                    continue;
                }
                size += key.size();
                keys.add(key);
            }
        }
        if (left > 0) {
            LOG.log(System.Logger.Level.WARNING, left + " Sender Keys did not fit in the approval: the history they"
                    + " open stays unreadable on the new device");
        }
        return keys;
    }

    /**
     * A {@code plain} envelope: the approval this device waited for, or nothing. Answers the approval once the
     * account identity and the history keys it carries are stored.
     */
    Optional<AccountProvision> onPlainEnvelope(ReceivedEnvelope e) {
        DeviceIdentity me = identity.get();
        Optional<KeyPair> waiting = store.pendingProvisioningKey();
        if (store.hasIdentity() || waiting.isEmpty() || !me.userId().equals(e.senderUserId())) {
            LOG.log(System.Logger.Level.INFO, "plain envelope " + e.seq() + " from " + e.senderUserId() + "/"
                    + e.senderDeviceId() + " ignored: this device is not waiting for its account's approval");
            return Optional.empty();
        }
        Optional<AccountProvision> provision = AccountProvision.open(waiting.get(), e.body())
                .filter(p -> p.userId().equals(me.userId()) && p.approverDeviceId().equals(e.senderDeviceId()));
        if (provision.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "envelope " + e.seq() + " from " + e.senderDeviceId()
                    + " is not an approval sealed to this device's link code: ignored");
            return Optional.empty();
        }
        store.linked(provision.get().identity(),
                KeyLimits.MIN_REGISTRATION_ID + random.nextInt(KeyLimits.MAX_REGISTRATION_ID));
        GroupSessionBuilder builder = new GroupSessionBuilder(store, random);
        for (AccountProvision.HistoryKey h : provision.get().history()) {
            try {
                builder.process(new SenderKeyName(h.conversationId(), new Address(h.userId(), h.deviceId())),
                        SenderKeyDistributionMessage.parse(h.distribution()));
            } catch (InvalidMessageException | IllegalArgumentException bad) {
                LOG.log(System.Logger.Level.WARNING, "a history key in the approval is malformed: skipped");
            }
        }
        return provision;
    }
}
