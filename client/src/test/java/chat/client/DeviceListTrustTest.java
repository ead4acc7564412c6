package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.store.LocalStore;
import chat.e2ee.curve.KeyPair;
import chat.e2ee.linking.DeviceList;
import chat.e2ee.linking.SignedDeviceList;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of bob's signed device lists a device believes, with the held list in a real local store. */
class DeviceListTrustTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BOB = "ubob";
    private final KeyPair bobIdentity = KeyPair.generate(RANDOM);
    @TempDir
    Path dir;
    private LocalStore store;
    private DeviceListTrust trust;

    @BeforeEach
    void open() {
        store = LocalStore.open(dir);
        trust = new DeviceListTrust(store.e2ee());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aListSignedByTheUsersIdentityIsBelievedAndKeptAcrossARestart() {
        byte[] v1 = signed(1, "dlaptop", "dphone");
        assertThat(trust.current(BOB, bobIdentity.publicKey(), v1).map(DeviceList::deviceIds))
                .contains(Set.of("dlaptop", "dphone"));
        store.close();
        open();
        assertThat(trust.current(BOB, bobIdentity.publicKey(), null).map(DeviceList::version)).contains(1L);
    }

    @Test
    void anOlderListServedAfterANewerOneIsIgnoredForTheNewer() {
        byte[] v1 = signed(1, "dlaptop", "dphone");
        trust.current(BOB, bobIdentity.publicKey(), signed(2, "dlaptop"));
        assertThat(trust.current(BOB, bobIdentity.publicKey(), v1).map(DeviceList::deviceIds))
                .contains(Set.of("dlaptop"));
    }

    @Test
    void aListSignedByAnotherKeyNamesNobody() {
        byte[] forged = SignedDeviceList.sign(new DeviceList(BOB, 1, Set.of("dserver"), 1),
                KeyPair.generate(RANDOM).privateKey(), RANDOM).serialize();
        assertThat(trust.current(BOB, bobIdentity.publicKey(), forged)).isEmpty();
    }

    @Test
    void aForgedListAfterAGoodOneLeavesTheGoodOne() {
        trust.current(BOB, bobIdentity.publicKey(), signed(1, "dlaptop"));
        byte[] forged = SignedDeviceList.sign(new DeviceList(BOB, 5, Set.of("dlaptop", "dserver"), 1),
                KeyPair.generate(RANDOM).privateKey(), RANDOM).serialize();
        assertThat(trust.current(BOB, bobIdentity.publicKey(), forged).map(DeviceList::deviceIds))
                .contains(Set.of("dlaptop"));
    }

    @Test
    void anotherListUnderTheHeldVersionIsRefused() {
        trust.current(BOB, bobIdentity.publicKey(), signed(3, "dlaptop"));
        assertThat(trust.current(BOB, bobIdentity.publicKey(), signed(3, "dlaptop", "dtablet"))
                .map(DeviceList::deviceIds)).contains(Set.of("dlaptop"));
    }

    @Test
    void bytesThatAreNoListAreIgnored() {
        assertThat(trust.current(BOB, bobIdentity.publicKey(), new byte[] {0x0a, 0x7f})).isEqualTo(Optional.empty());
    }

    @Test
    void anotherUsersListDoesNotCountForBob() {
        byte[] alices = SignedDeviceList.sign(new DeviceList("ualice", 1, Set.of("dphone"), 1),
                bobIdentity.privateKey(), RANDOM).serialize();
        assertThat(trust.current(BOB, bobIdentity.publicKey(), alices)).isEmpty();
    }

    private byte[] signed(long version, String... devices) {
        return SignedDeviceList.sign(new DeviceList(BOB, version, Set.of(devices), version), bobIdentity.privateKey(),
                RANDOM).serialize();
    }
}
