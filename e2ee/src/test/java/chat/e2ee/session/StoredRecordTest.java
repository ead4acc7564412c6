package chat.e2ee.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The stored form of a session: what a device reads back after a restart. */
class StoredRecordTest {
    private static final Address ALICE = new Address("ualice", "d1");
    private static final Address BOB = new Address("ubob", "d1");

    @Test
    void aRestoredSessionKeepsItsSkippedKeysAndItsPendingInitialMessage() {
        OurDevice alice = new OurDevice();
        OurDevice bob = new OurDevice();
        alice.startSessionWith(BOB, bob.bundle(true));
        CiphertextMessage skipped = alice.encrypt(BOB, "skipped");
        CiphertextMessage later = alice.encrypt(BOB, "later");
        assertThat(later.kind()).isEqualTo(CiphertextMessage.Kind.PREKEY);
        assertThat(bob.decryptText(ALICE, later)).isEqualTo("later");

        SessionRecord restored = SessionRecord.deserialize(bob.store.loadSession(ALICE).orElseThrow().serialize());
        bob.store.storeSession(ALICE, restored);
        assertThat(bob.decryptText(ALICE, skipped)).isEqualTo("skipped");
        assertThat(alice.encrypt(BOB, "still pending").kind()).isEqualTo(CiphertextMessage.Kind.PREKEY);
    }

    @Test
    void aRecordOfAnUnknownSuiteIsRefusedNotMisread() {
        byte[] future = new ProtoWriter().bytes(1, "pqxdh-v4".getBytes(StandardCharsets.US_ASCII)).toByteArray();
        assertThatThrownBy(() -> SessionRecord.deserialize(future)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("suite");
    }

    @Test
    void aTruncatedRecordIsRefused() {
        OurDevice alice = new OurDevice();
        alice.startSessionWith(BOB, new OurDevice().bundle(true));
        byte[] stored = alice.store.loadSession(BOB).orElseThrow().serialize();
        assertThatThrownBy(() -> SessionRecord.deserialize(Arrays.copyOf(stored, stored.length / 2)))
                .isInstanceOf(RuntimeException.class);
    }
}
