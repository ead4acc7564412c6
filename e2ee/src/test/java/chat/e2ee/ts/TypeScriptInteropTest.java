package chat.e2ee.ts;

import static chat.e2ee.ts.TypeScriptDevices.address;
import static chat.e2ee.ts.TypeScriptDevices.b64;
import static chat.e2ee.ts.TypeScriptDevices.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.whispersystems.libsignal.IdentityKey;
import org.whispersystems.libsignal.IdentityKeyPair;
import org.whispersystems.libsignal.SignalProtocolAddress;
import org.whispersystems.libsignal.ecc.Curve;
import org.whispersystems.libsignal.ecc.ECKeyPair;
import org.whispersystems.libsignal.groups.GroupCipher;
import org.whispersystems.libsignal.groups.GroupSessionBuilder;
import org.whispersystems.libsignal.groups.SenderKeyName;
import org.whispersystems.libsignal.protocol.CiphertextMessage;
import org.whispersystems.libsignal.protocol.PreKeySignalMessage;
import org.whispersystems.libsignal.protocol.SenderKeyDistributionMessage;
import org.whispersystems.libsignal.protocol.SignalMessage;
import org.whispersystems.libsignal.state.PreKeyBundle;
import org.whispersystems.libsignal.state.PreKeyRecord;
import org.whispersystems.libsignal.state.SignedPreKeyRecord;
import org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore;
import org.whispersystems.libsignal.util.KeyHelper;

/**
 * The TypeScript library (e2ee-ts, as the browser runs it) against Signal's own Java implementation
 * (signal-protocol-java 2.8.1) and against our Java library: pairwise sessions started from either side, and
 * Sender-Key group messages in both directions.
 */
class TypeScriptInteropTest {
    private static final SignalProtocolAddress TS_ADDRESS = new SignalProtocolAddress("uts", 1);
    private static final Map<String, String> ORACLE = address("uoracle", "d1");
    private static final Map<String, String> TS = address("uts", "d1");

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
    void typeScriptStartsASessionWithSignalAndBothSidesTalk() throws Exception {
        String id = "ts-initiator";
        ts.call("newDevice", Map.of("id", id, "registrationId", 1234));
        Oracle oracle = new Oracle();
        ts.call("startSession", Map.of("id", id, "peer", ORACLE, "bundle", oracle.bundleJson()));
        JsonNode first = ts.call("encrypt", Map.of("id", id, "peer", ORACLE, "text", "hello from typescript"));
        assertThat(first.get("kind").asText()).isEqualTo("prekey");
        assertThat(oracle.decrypt(first)).isEqualTo("hello from typescript");

        CiphertextMessage reply = oracle.cipher().encrypt("hello from signal".getBytes(StandardCharsets.UTF_8));
        assertThat(decryptInTs(id, ORACLE, reply)).isEqualTo("hello from signal");
        JsonNode again = ts.call("encrypt", Map.of("id", id, "peer", ORACLE, "text", "ratchet turned"));
        assertThat(again.get("kind").asText()).isEqualTo("whisper");
        assertThat(oracle.decrypt(again)).isEqualTo("ratchet turned");
    }

    @Test
    void signalStartsASessionWithTypeScriptAndBothSidesTalk() throws Exception {
        String id = "ts-responder";
        JsonNode bundle = ts.call("newDevice", Map.of("id", id, "registrationId", 4321));
        Oracle oracle = new Oracle();
        new org.whispersystems.libsignal.SessionBuilder(oracle.store, TS_ADDRESS).process(new PreKeyBundle(
                bundle.get("registrationId").asInt(), 1, bundle.get("oneTimePreKeyId").asInt(),
                Curve.decodePoint(bytes(bundle.get("oneTimePreKey")), 0), bundle.get("signedPreKeyId").asInt(),
                Curve.decodePoint(bytes(bundle.get("signedPreKey")), 0), bytes(bundle.get("signedPreKeySignature")),
                new IdentityKey(bytes(bundle.get("identityKey")), 0)));
        for (String text : List.of("one", "two", "three")) {
            assertThat(decryptInTs(id, ORACLE, oracle.cipher().encrypt(text.getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo(text);
        }
        JsonNode reply = ts.call("encrypt", Map.of("id", id, "peer", ORACLE, "text", "answer"));
        assertThat(reply.get("kind").asText()).isEqualTo("whisper");
        assertThat(oracle.decrypt(reply)).isEqualTo("answer");
    }

    @Test
    void signalReadsTypeScriptGroupMessages() throws Exception {
        String id = "ts-group-sender";
        ts.call("newDevice", Map.of("id", id, "registrationId", 11));
        String distribution = ts.call("groupDistribution", Map.of("id", id, "conversationId", "g1", "self", TS))
                .get("serialized").asText();
        var oracleKeys = new chat.e2ee.group.OracleSenderKeyStore();
        SenderKeyName name = new SenderKeyName("g1", TS_ADDRESS);
        new GroupSessionBuilder(oracleKeys).process(name,
                new SenderKeyDistributionMessage(java.util.Base64.getDecoder().decode(distribution)));
        GroupCipher oracle = new GroupCipher(oracleKeys, name);
        for (String text : List.of("g-one", "g-two")) {
            byte[] sent = bytes(ts.call("groupEncrypt", Map.of("id", id, "conversationId", "g1", "self", TS,
                    "text", text)).get("serialized"));
            assertThat(new String(oracle.decrypt(sent), StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void typeScriptReadsSignalGroupMessagesAndRefusesAReplay() throws Exception {
        String id = "ts-group-reader";
        ts.call("newDevice", Map.of("id", id, "registrationId", 12));
        var oracleKeys = new chat.e2ee.group.OracleSenderKeyStore();
        SenderKeyName own = new SenderKeyName("g2", new SignalProtocolAddress("uoracle", 1));
        SenderKeyDistributionMessage distribution = new GroupSessionBuilder(oracleKeys).create(own);
        ts.call("groupProcess", Map.of("id", id, "conversationId", "g2", "sender", ORACLE, "serialized",
                b64(distribution.serialize())));
        GroupCipher oracle = new GroupCipher(oracleKeys, own);
        byte[] first = oracle.encrypt("first".getBytes(StandardCharsets.UTF_8));
        byte[] second = oracle.encrypt("second".getBytes(StandardCharsets.UTF_8));
        assertThat(groupDecryptInTs(id, second).get("text").asText()).isEqualTo("second");
        assertThat(groupDecryptInTs(id, first).get("text").asText()).isEqualTo("first");
        assertThat(groupDecryptInTs(id, first).get("failure").asText()).isEqualTo("DUPLICATE");
    }

    @Test
    void xeddsaSignaturesVerifyBothWays() throws Exception {
        byte[] message = "a signed prekey".getBytes(StandardCharsets.UTF_8);
        JsonNode signed = ts.call("sign", Map.of("message", b64(message)));
        assertThat(Curve.verifySignature(Curve.decodePoint(bytes(signed.get("publicKey")), 0), message,
                bytes(signed.get("signature")))).isTrue();
        ECKeyPair oracleKey = Curve.generateKeyPair();
        byte[] signature = Curve.calculateSignature(oracleKey.getPrivateKey(), message);
        assertThat(ts.call("verify", Map.of("publicKey", b64(oracleKey.getPublicKey().serialize()), "message",
                b64(message), "signature", b64(signature))).get("valid").asBoolean()).isTrue();
        signature[10] ^= 1;
        assertThat(ts.call("verify", Map.of("publicKey", b64(oracleKey.getPublicKey().serialize()), "message",
                b64(message), "signature", b64(signature))).get("valid").asBoolean()).isFalse();
    }

    private static String decryptInTs(String id, Map<String, String> peer, CiphertextMessage message)
            throws Exception {
        JsonNode answer = ts.call("decrypt", Map.of("id", id, "peer", peer, "kind",
                message.getType() == CiphertextMessage.PREKEY_TYPE ? "prekey" : "whisper", "serialized",
                b64(message.serialize())));
        assertThat(answer.has("text")).as("decrypted: %s", answer).isTrue();
        return answer.get("text").asText();
    }

    private static JsonNode groupDecryptInTs(String id, byte[] message) throws Exception {
        return ts.call("groupDecrypt", Map.of("id", id, "conversationId", "g2", "sender", ORACLE, "serialized",
                b64(message)));
    }

    /** A Signal device (the oracle) with a signed prekey and one one-time prekey. */
    private static final class Oracle {
        final IdentityKeyPair identity = KeyHelper.generateIdentityKeyPair();
        final InMemorySignalProtocolStore store = new InMemorySignalProtocolStore(identity, 77);
        final SignedPreKeyRecord signed;
        final PreKeyRecord oneTime;

        Oracle() throws Exception {
            signed = KeyHelper.generateSignedPreKey(identity, 3);
            store.storeSignedPreKey(3, signed);
            oneTime = KeyHelper.generatePreKeys(40, 1).get(0);
            store.storePreKey(oneTime.getId(), oneTime);
        }

        Map<String, Object> bundleJson() {
            Map<String, Object> bundle = new HashMap<>();
            bundle.put("registrationId", 77);
            bundle.put("identityKey", b64(identity.getPublicKey().serialize()));
            bundle.put("signedPreKeyId", 3);
            bundle.put("signedPreKey", b64(signed.getKeyPair().getPublicKey().serialize()));
            bundle.put("signedPreKeySignature", b64(signed.getSignature()));
            bundle.put("oneTimePreKeyId", oneTime.getId());
            bundle.put("oneTimePreKey", b64(oneTime.getKeyPair().getPublicKey().serialize()));
            return bundle;
        }

        org.whispersystems.libsignal.SessionCipher cipher() {
            return new org.whispersystems.libsignal.SessionCipher(store, TS_ADDRESS);
        }

        String decrypt(JsonNode message) throws Exception {
            byte[] serialized = bytes(message.get("serialized"));
            byte[] plaintext = message.get("kind").asText().equals("prekey")
                    ? cipher().decrypt(new PreKeySignalMessage(serialized))
                    : cipher().decrypt(new SignalMessage(serialized));
            return new String(plaintext, StandardCharsets.UTF_8);
        }
    }
}
