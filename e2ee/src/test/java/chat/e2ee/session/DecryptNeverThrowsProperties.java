package chat.e2ee.session;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.group.GroupCipher;
import chat.e2ee.group.GroupSessionBuilder;
import chat.e2ee.group.InMemorySenderKeyStore;
import chat.e2ee.group.SenderKeyName;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Whatever bytes arrive, decryption answers with a value and the sessions keep working. */
class DecryptNeverThrowsProperties {
    private static final Address ALICE = new Address("ualice", "d1");
    private static final Address BOB = new Address("ubob", "d1");
    private static final SenderKeyName GROUP = new SenderKeyName("gfuzz", ALICE);

    private final OurDevice alice = new OurDevice();
    private final OurDevice bob = new OurDevice();
    private final InMemorySenderKeyStore aliceKeys = new InMemorySenderKeyStore();
    private final InMemorySenderKeyStore bobKeys = new InMemorySenderKeyStore();

    DecryptNeverThrowsProperties() {
        alice.startSessionWith(BOB, bob.bundle(true));
        bob.decryptText(ALICE, alice.encrypt(BOB, "hi"));
        new GroupSessionBuilder(bobKeys, OurDevice.RANDOM).process(GROUP,
                new GroupSessionBuilder(aliceKeys, OurDevice.RANDOM).distribution(GROUP));
    }

    @Property(tries = 300)
    void randomPairwiseBytesGiveAFailureNotAnException(@ForAll @Size(max = 300) byte[] bytes, @ForAll boolean prekey) {
        CiphertextMessage.Kind kind = prekey ? CiphertextMessage.Kind.PREKEY : CiphertextMessage.Kind.WHISPER;
        assertThat(bob.decrypt(ALICE, new CiphertextMessage(kind, bytes))).isInstanceOf(Decryption.Failed.class);
        assertThat(bob.decryptText(ALICE, alice.encrypt(BOB, "still fine"))).isEqualTo("still fine");
    }

    @Property(tries = 300)
    void aMutatedRatchetMessageNeverDecrypts(@ForAll int position, @ForAll byte mask) {
        alice.decryptText(BOB, bob.encrypt(ALICE, "answered"));
        CiphertextMessage good = alice.encrypt(BOB, "original");
        assertThat(good.kind()).isEqualTo(CiphertextMessage.Kind.WHISPER);
        byte[] bytes = good.serialized().clone();
        bytes[Math.floorMod(position, bytes.length)] ^= (mask == 0 ? 1 : mask);
        assertThat(bob.decrypt(ALICE, new CiphertextMessage(good.kind(), bytes))).isInstanceOf(Decryption.Failed.class);
        assertThat(bob.decryptText(ALICE, good)).isEqualTo("original");
    }

    /**
     * An initial message's outer fields (registration id, prekey ids) are not covered by a MAC — in Signal's format
     * either — but they only choose keys: a mutation fails, or opens the unchanged inner message. Never another text.
     */
    @Property(tries = 300)
    void aMutatedInitialMessageFailsOrGivesTheSameText(@ForAll int position, @ForAll byte mask) {
        CiphertextMessage good = alice.encrypt(BOB, "original");
        assertThat(good.kind()).isEqualTo(CiphertextMessage.Kind.PREKEY);
        byte[] bytes = good.serialized().clone();
        bytes[Math.floorMod(position, bytes.length)] ^= (mask == 0 ? 1 : mask);
        Decryption result = bob.decrypt(ALICE, new CiphertextMessage(good.kind(), bytes));
        if (result instanceof Decryption.Plaintext plaintext) {
            assertThat(new String(plaintext.bytes(), StandardCharsets.UTF_8)).isEqualTo("original");
        } else {
            assertThat(bob.decryptText(ALICE, good)).isEqualTo("original");
        }
    }

    @Property(tries = 300)
    void randomGroupBytesGiveAFailureNotAnException(@ForAll @Size(max = 300) byte[] bytes) {
        GroupCipher bobCipher = new GroupCipher(bobKeys, OurDevice.RANDOM);
        assertThat(bobCipher.decrypt(GROUP, bytes)).isInstanceOf(Decryption.Failed.class);
        byte[] good = new GroupCipher(aliceKeys, OurDevice.RANDOM).encrypt(GROUP,
                "still fine".getBytes(StandardCharsets.UTF_8));
        assertThat(bobCipher.decrypt(GROUP, good)).isInstanceOf(Decryption.Plaintext.class);
    }
}
