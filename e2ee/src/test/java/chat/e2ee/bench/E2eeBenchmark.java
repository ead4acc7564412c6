package chat.e2ee.bench;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.Xeddsa;
import chat.e2ee.group.GroupCipher;
import chat.e2ee.group.GroupSessionBuilder;
import chat.e2ee.group.InMemorySenderKeyStore;
import chat.e2ee.group.SenderKeyName;
import chat.e2ee.session.Address;
import chat.e2ee.session.CiphertextMessage;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.InMemorySignalStore;
import chat.e2ee.session.PreKeyBundle;
import chat.e2ee.session.SessionBuilder;
import chat.e2ee.session.SessionCipher;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.whispersystems.libsignal.SignalProtocolAddress;
import org.whispersystems.libsignal.ecc.Curve;
import org.whispersystems.libsignal.ecc.ECKeyPair;

/**
 * What encryption costs per message, ours next to Signal's own Java implementation (signal-protocol-java 2.8.1) on
 * the same machine: a 140-byte body (the load shape of the message benchmarks), pairwise and Sender-Key group
 * messages, encrypt alone and encrypt + decrypt, and XEdDSA, which dominates the group path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class E2eeBenchmark {
    static final int BODY_BYTES = 140;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Address ALICE = new Address("ualice", "d1");
    private static final Address BOB = new Address("ubob", "d1");

    private final byte[] body = new byte[BODY_BYTES];
    private SessionCipher alice;
    private SessionCipher bob;
    private SenderKeyName aliceInGroup;
    private GroupCipher aliceGroup;
    private GroupCipher bobGroup;
    private KeyPair signingKey;
    private byte[] signature;
    private SignalPeers signal;
    private ECKeyPair signalSigningKey;
    private byte[] signalSignature;

    @Setup
    public void setUp() throws Exception {
        RANDOM.nextBytes(body);
        InMemorySignalStore aliceStore = new InMemorySignalStore(KeyPair.generate(RANDOM), 1);
        InMemorySignalStore bobStore = new InMemorySignalStore(KeyPair.generate(RANDOM), 2);
        KeyPair signedPreKey = KeyPair.generate(RANDOM);
        bobStore.addSignedPreKey(1, signedPreKey);
        PreKeyBundle bundle = new PreKeyBundle(2, bobStore.identityKeyPair().publicKey(), 1, signedPreKey.publicKey(),
                Xeddsa.sign(bobStore.identityKeyPair().privateKey(), signedPreKey.publicKey().serialize(), RANDOM),
                OptionalInt.empty(), Optional.empty());
        new SessionBuilder(aliceStore, RANDOM).process(BOB, bundle);
        alice = new SessionCipher(aliceStore, RANDOM);
        bob = new SessionCipher(bobStore, RANDOM);
        bob.decrypt(ALICE, alice.encrypt(BOB, body));
        alice.decrypt(BOB, bob.encrypt(ALICE, body));

        InMemorySenderKeyStore aliceKeys = new InMemorySenderKeyStore();
        InMemorySenderKeyStore bobKeys = new InMemorySenderKeyStore();
        aliceInGroup = new SenderKeyName("gbench", ALICE);
        new GroupSessionBuilder(bobKeys, RANDOM).process(aliceInGroup,
                new GroupSessionBuilder(aliceKeys, RANDOM).distribution(aliceInGroup));
        aliceGroup = new GroupCipher(aliceKeys, RANDOM);
        bobGroup = new GroupCipher(bobKeys, RANDOM);

        signingKey = KeyPair.generate(RANDOM);
        signature = Xeddsa.sign(signingKey.privateKey(), body, RANDOM);
        signal = new SignalPeers();
        signalSigningKey = Curve.generateKeyPair();
        signalSignature = Curve.calculateSignature(signalSigningKey.getPrivateKey(), body);
    }

    @Benchmark
    public CiphertextMessage oursPairwiseEncrypt() {
        return alice.encrypt(BOB, body);
    }

    @Benchmark
    public Decryption oursPairwiseEncryptAndDecrypt() {
        return bob.decrypt(ALICE, alice.encrypt(BOB, body));
    }

    @Benchmark
    public byte[] oursGroupEncrypt() {
        return aliceGroup.encrypt(aliceInGroup, body);
    }

    @Benchmark
    public Decryption oursGroupEncryptAndDecrypt() {
        return bobGroup.decrypt(aliceInGroup, aliceGroup.encrypt(aliceInGroup, body));
    }

    @Benchmark
    public byte[] oursXeddsaSign() {
        return Xeddsa.sign(signingKey.privateKey(), body, RANDOM);
    }

    @Benchmark
    public boolean oursXeddsaVerify() {
        return Xeddsa.verify(signingKey.publicKey(), body, signature);
    }

    /** A new device opening 10,000 stored messages of one sender from the start of its chain (must-have 5). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int oursNewDeviceOpens10000StoredMessages(History history) {
        InMemorySenderKeyStore newDevice = new InMemorySenderKeyStore();
        new GroupSessionBuilder(newDevice, RANDOM).process(history.sender, history.fromTheStart);
        GroupCipher cipher = new GroupCipher(newDevice, RANDOM);
        int opened = 0;
        for (byte[] message : history.messages) {
            if (cipher.decrypt(history.sender, message) instanceof Decryption.Plaintext) {
                opened++;
            }
        }
        if (opened != history.messages.size()) {
            throw new IllegalStateException("opened " + opened + " of " + history.messages.size());
        }
        return opened;
    }

    /** 10,000 group messages of 140 bytes from one sender, and its chain from the start as a new device gets it. */
    @State(Scope.Benchmark)
    public static class History {
        final SenderKeyName sender = new SenderKeyName("ghistory", ALICE);
        final java.util.List<byte[]> messages = new java.util.ArrayList<>();
        chat.e2ee.wire.SenderKeyDistributionMessage fromTheStart;

        @Setup
        public void setUp() {
            InMemorySenderKeyStore keys = new InMemorySenderKeyStore();
            GroupSessionBuilder builder = new GroupSessionBuilder(keys, RANDOM);
            builder.distribution(sender);
            GroupCipher cipher = new GroupCipher(keys, RANDOM);
            byte[] body = new byte[BODY_BYTES];
            for (int i = 0; i < 10_000; i++) {
                messages.add(cipher.encrypt(sender, body));
            }
            fromTheStart = builder.fromTheStart(sender).get(0);
        }
    }

    @Benchmark
    public Object signalPairwiseEncrypt() throws Exception {
        return signal.aliceCipher.encrypt(body);
    }

    @Benchmark
    public byte[] signalPairwiseEncryptAndDecrypt() throws Exception {
        return signal.bobCipher.decrypt(new org.whispersystems.libsignal.protocol.SignalMessage(
                signal.aliceCipher.encrypt(body).serialize()));
    }

    @Benchmark
    public byte[] signalGroupEncrypt() throws Exception {
        return signal.aliceGroup.encrypt(body);
    }

    @Benchmark
    public byte[] signalGroupEncryptAndDecrypt() throws Exception {
        return signal.bobGroup.decrypt(signal.aliceGroup.encrypt(body));
    }

    @Benchmark
    public byte[] signalXeddsaSign() throws Exception {
        return Curve.calculateSignature(signalSigningKey.getPrivateKey(), body);
    }

    @Benchmark
    public boolean signalXeddsaVerify() throws Exception {
        return Curve.verifySignature(signalSigningKey.getPublicKey(), body, signalSignature);
    }

    /** The same two devices and group under Signal's implementation, sessions already past their first messages. */
    static final class SignalPeers {
        final org.whispersystems.libsignal.SessionCipher aliceCipher;
        final org.whispersystems.libsignal.SessionCipher bobCipher;
        final org.whispersystems.libsignal.groups.GroupCipher aliceGroup;
        final org.whispersystems.libsignal.groups.GroupCipher bobGroup;

        SignalPeers() throws Exception {
            var aliceIdentity = org.whispersystems.libsignal.util.KeyHelper.generateIdentityKeyPair();
            var bobIdentity = org.whispersystems.libsignal.util.KeyHelper.generateIdentityKeyPair();
            var aliceStore = new org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore(aliceIdentity, 1);
            var bobStore = new org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore(bobIdentity, 2);
            var signedPreKey = org.whispersystems.libsignal.util.KeyHelper.generateSignedPreKey(bobIdentity, 1);
            bobStore.storeSignedPreKey(1, signedPreKey);
            SignalProtocolAddress aliceAddress = new SignalProtocolAddress("ualice", 1);
            SignalProtocolAddress bobAddress = new SignalProtocolAddress("ubob", 1);
            new org.whispersystems.libsignal.SessionBuilder(aliceStore, bobAddress).process(
                    new org.whispersystems.libsignal.state.PreKeyBundle(2, 1, -1, null, 1,
                            signedPreKey.getKeyPair().getPublicKey(), signedPreKey.getSignature(),
                            bobIdentity.getPublicKey()));
            aliceCipher = new org.whispersystems.libsignal.SessionCipher(aliceStore, bobAddress);
            bobCipher = new org.whispersystems.libsignal.SessionCipher(bobStore, aliceAddress);
            bobCipher.decrypt(new org.whispersystems.libsignal.protocol.PreKeySignalMessage(
                    aliceCipher.encrypt(new byte[1]).serialize()));
            aliceCipher.decrypt(new org.whispersystems.libsignal.protocol.SignalMessage(
                    bobCipher.encrypt(new byte[1]).serialize()));

            var aliceKeys = new chat.e2ee.group.OracleSenderKeyStore();
            var bobKeys = new chat.e2ee.group.OracleSenderKeyStore();
            var name = new org.whispersystems.libsignal.groups.SenderKeyName("gbench", aliceAddress);
            new org.whispersystems.libsignal.groups.GroupSessionBuilder(bobKeys).process(name,
                    new org.whispersystems.libsignal.groups.GroupSessionBuilder(aliceKeys).create(name));
            aliceGroup = new org.whispersystems.libsignal.groups.GroupCipher(aliceKeys, name);
            bobGroup = new org.whispersystems.libsignal.groups.GroupCipher(bobKeys, name);
        }
    }
}
