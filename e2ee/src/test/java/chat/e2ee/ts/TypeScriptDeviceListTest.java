package chat.e2ee.ts;

import static chat.e2ee.ts.TypeScriptDevices.b64;
import static chat.e2ee.ts.TypeScriptDevices.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.linking.DeviceList;
import chat.e2ee.linking.SignedDeviceList;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed device lists made by one library and read by the other: the same bytes for the same list, and each
 * accepts the other's signature with the same content.
 */
class TypeScriptDeviceListTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Non-ASCII ids (UTF-8 on both sides) in an order that UTF-16 and code points sort differently (U+FF61 before
     * the surrogate pair of U+1F600 by code point, after it by UTF-16, which is what both libraries sort by).
     */
    private static final DeviceList MIXED = new DeviceList("u\u00e9l\u00e8ne", 4_294_967_301L,
            Set.of("d\uFF61", "d\uD83D\uDE00", "d1", "D0", "d\u00e9"), 1_733_227_226_123L);
    private static final List<DeviceList> LISTS = List.of(
            new DeviceList("ua", 1, Set.of("d1"), 0),
            new DeviceList("u0123456789abcdef", 300, Set.of("d3", "d1", "d2", "d10"), 1_733_227_226_123L),
            MIXED);

    @TempDir
    static Path logs;
    private static TypeScriptDevices ts;

    @BeforeAll
    static void startNode() throws Exception {
        ts = new TypeScriptDevices(logs);
    }

    @AfterAll
    static void stopNode() throws Exception {
        ts.close();
    }

    @Test
    void bothLibrariesEncodeTheSameListToTheSameBytes() throws Exception {
        for (DeviceList list : LISTS) {
            byte[] java = SignedDeviceList.sign(list, KeyPair.generate(RANDOM).privateKey(), RANDOM).list();
            assertThat(bytes(ts.call("encodeDeviceList", fields(list)).get("list"))).as(list.toString())
                    .isEqualTo(java);
        }
    }

    @Test
    void aListSignedInJavaVerifiesInTypeScriptWithTheSameContent() throws Exception {
        KeyPair account = KeyPair.generate(RANDOM);
        for (DeviceList list : LISTS) {
            JsonNode check = tsVerify(SignedDeviceList.sign(list, account.privateKey(), RANDOM), account, list.userId(),
                    null);
            assertThat(check.get("kind").asText()).isEqualTo("accepted");
            assertThat(listOf(check.get("list"))).isEqualTo(list);
        }
    }

    @Test
    void typeScriptRefusesAndRollsBackAsJavaDoes() throws Exception {
        KeyPair account = KeyPair.generate(RANDOM);
        DeviceList v2 = new DeviceList("ua", 2, Set.of("d1", "d2"), 20);
        SignedDeviceList v1 = SignedDeviceList.sign(new DeviceList("ua", 1, Set.of("d1"), 10), account.privateKey(),
                RANDOM);
        SignedDeviceList fork = SignedDeviceList.sign(new DeviceList("ua", 2, Set.of("d1", "d3"), 20),
                account.privateKey(), RANDOM);

        JsonNode rollback = tsVerify(v1, account, "ua", v2);
        assertThat(rollback.get("kind").asText()).isEqualTo("rollback");
        assertThat(rollback.get("offered").asLong()).isEqualTo(1);
        assertThat(rollback.get("held").asLong()).isEqualTo(2);
        assertThat(v1.verify(account.publicKey(), "ua", Optional.of(v2)))
                .isEqualTo(new SignedDeviceList.Check.Rollback(1, 2));

        assertThat(tsVerify(fork, account, "ua", v2).get("reason").asText()).isEqualTo("FORK");
        assertThat(tsVerify(v1, account, "ub", null).get("reason").asText()).isEqualTo("OTHER_USER");
        assertThat(tsVerify(v1, KeyPair.generate(RANDOM), "ua", null).get("reason").asText())
                .isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void aListSignedInTypeScriptVerifiesInJava() throws Exception {
        for (DeviceList list : LISTS) {
            JsonNode signed = ts.call("signDeviceList", fields(list));
            PublicKey identity = PublicKey.decode(bytes(signed.get("identityKey")));
            SignedDeviceList parsed = SignedDeviceList.parse(bytes(signed.get("signedList")));
            assertThat(parsed.verify(identity, list.userId(), Optional.empty()))
                    .isEqualTo(new SignedDeviceList.Check.Accepted(list));
            assertThat(parsed.verify(identity, list.userId(), Optional.of(list)))
                    .isEqualTo(new SignedDeviceList.Check.Accepted(list));
            assertThat(parsed.verify(KeyPair.generate(RANDOM).publicKey(), list.userId(), Optional.empty()))
                    .isInstanceOf(SignedDeviceList.Check.Refused.class);
        }
    }

    private static JsonNode tsVerify(SignedDeviceList signed, KeyPair account, String userId, DeviceList held)
            throws Exception {
        Map<String, Object> command = new HashMap<>(Map.of("signedList", b64(signed.serialize()),
                "identityKey", b64(account.publicKey().serialize()), "userId", userId));
        if (held != null) {
            command.put("held", fields(held));
        }
        return ts.call("verifyDeviceList", command);
    }

    /** The list as the harness takes it; the ids in Java's sorted order reversed, so TypeScript must sort them. */
    private static Map<String, Object> fields(DeviceList list) {
        List<String> ids = new ArrayList<>(new TreeSet<>(list.deviceIds()).descendingSet());
        return Map.of("userId", list.userId(), "version", list.version(), "deviceIds", ids, "issuedAt",
                list.issuedAtMillis());
    }

    private static DeviceList listOf(JsonNode json) {
        List<String> ids = new ArrayList<>();
        json.get("deviceIds").forEach(id -> ids.add(id.asText()));
        assertThat(ids).as("sorted as Java sorts").isEqualTo(new ArrayList<>(new TreeSet<>(ids)));
        return new DeviceList(json.get("userId").asText(), json.get("version").asLong(), Set.copyOf(ids),
                json.get("issuedAt").asLong());
    }
}
