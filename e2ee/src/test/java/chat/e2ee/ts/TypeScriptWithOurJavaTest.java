package chat.e2ee.ts;

import static chat.e2ee.ts.TypeScriptDevices.address;
import static chat.e2ee.ts.TypeScriptDevices.b64;
import static chat.e2ee.ts.TypeScriptDevices.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.group.GroupCipher;
import chat.e2ee.group.GroupSessionBuilder;
import chat.e2ee.group.InMemorySenderKeyStore;
import chat.e2ee.group.SenderKeyName;
import chat.e2ee.messaging.PairwiseContent;
import chat.e2ee.messaging.PreKeys;
import chat.e2ee.messaging.SealedBody;
import chat.e2ee.session.Address;
import chat.e2ee.session.CiphertextMessage;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.InMemorySignalStore;
import chat.e2ee.session.PreKeyBundle;
import chat.e2ee.session.SessionBuilder;
import chat.e2ee.session.SessionCipher;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TypeScript library against our Java library: the two clients of this system, pairwise and in groups. */
class TypeScriptWithOurJavaTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Address JAVA = new Address("ujava", "d1");
    private static final Address TS = new Address("uts", "d1");

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
    void javaStartsASessionWithTypeScriptAndBothSidesTalk() throws Exception {
        JsonNode bundle = ts.call("newDevice", Map.of("id", "ts1", "registrationId", 21));
        InMemorySignalStore store = new InMemorySignalStore(KeyPair.generate(RANDOM), 22);
        new SessionBuilder(store, RANDOM).process(TS, new PreKeyBundle(bundle.get("registrationId").asInt(),
                PublicKey.decode(bytes(bundle.get("identityKey"))), bundle.get("signedPreKeyId").asInt(),
                PublicKey.decode(bytes(bundle.get("signedPreKey"))), bytes(bundle.get("signedPreKeySignature")),
                OptionalInt.of(bundle.get("oneTimePreKeyId").asInt()),
                Optional.of(PublicKey.decode(bytes(bundle.get("oneTimePreKey"))))));
        SessionCipher java = new SessionCipher(store, RANDOM);
        CiphertextMessage first = java.encrypt(TS, "hello from java".getBytes(StandardCharsets.UTF_8));
        JsonNode opened = ts.call("decrypt", Map.of("id", "ts1", "peer", peer(JAVA), "kind", "prekey", "serialized",
                b64(first.serialized())));
        assertThat(opened.get("text").asText()).isEqualTo("hello from java");
        JsonNode reply = ts.call("encrypt", Map.of("id", "ts1", "peer", peer(JAVA), "text", "hello from ts"));
        assertThat(text(java.decrypt(TS, new CiphertextMessage(CiphertextMessage.Kind.WHISPER,
                bytes(reply.get("serialized")))))).isEqualTo("hello from ts");
    }

    @Test
    void typeScriptStartsASessionWithJava() throws Exception {
        ts.call("newDevice", Map.of("id", "ts2", "registrationId", 31));
        KeyPair identity = KeyPair.generate(RANDOM);
        InMemorySignalStore store = new InMemorySignalStore(identity, 32);
        PreKeys.Signed signed = PreKeys.signed(identity, 1, RANDOM);
        store.addSignedPreKey(1, signed.keyPair());
        ts.call("startSession", Map.of("id", "ts2", "peer", peer(JAVA), "bundle", Map.of("registrationId", 32,
                "identityKey", b64(identity.publicKey().serialize()), "signedPreKeyId", 1,
                "signedPreKey", b64(signed.keyPair().publicKey().serialize()),
                "signedPreKeySignature", b64(signed.signature()))));
        JsonNode first = ts.call("encrypt", Map.of("id", "ts2", "peer", peer(JAVA), "text", "no one-time prekey"));
        SessionCipher java = new SessionCipher(store, RANDOM);
        assertThat(text(java.decrypt(TS, new CiphertextMessage(CiphertextMessage.Kind.PREKEY,
                bytes(first.get("serialized")))))).isEqualTo("no one-time prekey");
    }

    @Test
    void groupMessagesOpenBothWays() throws Exception {
        ts.call("newDevice", Map.of("id", "ts3", "registrationId", 41));
        InMemorySenderKeyStore keys = new InMemorySenderKeyStore();
        SenderKeyName javaKey = new SenderKeyName("gmix", JAVA);
        SenderKeyDistributionMessage distribution = new GroupSessionBuilder(keys, RANDOM).distribution(javaKey);
        ts.call("groupProcess", Map.of("id", "ts3", "conversationId", "gmix", "sender", peer(JAVA), "serialized",
                b64(distribution.serialized())));
        byte[] fromJava = new GroupCipher(keys, RANDOM).encrypt(javaKey, "java to group".getBytes(StandardCharsets.UTF_8));
        assertThat(ts.call("groupDecrypt", Map.of("id", "ts3", "conversationId", "gmix", "sender", peer(JAVA),
                "serialized", b64(fromJava))).get("text").asText()).isEqualTo("java to group");

        SenderKeyName tsKey = new SenderKeyName("gmix", TS);
        String tsDistribution = ts.call("groupDistribution", Map.of("id", "ts3", "conversationId", "gmix", "self",
                peer(TS))).get("serialized").asText();
        new GroupSessionBuilder(keys, RANDOM).process(tsKey,
                SenderKeyDistributionMessage.parse(java.util.Base64.getDecoder().decode(tsDistribution)));
        byte[] fromTs = bytes(ts.call("groupEncrypt", Map.of("id", "ts3", "conversationId", "gmix", "self", peer(TS),
                "text", "ts to group")).get("serialized"));
        assertThat(text(new GroupCipher(keys, RANDOM).decrypt(tsKey, fromTs))).isEqualTo("ts to group");
    }

    @Test
    void sealedBodiesAndSenderKeyContentsAreTheSameBytesInBothLibraries() throws Exception {
        InMemorySenderKeyStore keys = new InMemorySenderKeyStore();
        SenderKeyName name = new SenderKeyName("g0123456789abcdef", JAVA);
        SenderKeyDistributionMessage distribution = new GroupSessionBuilder(keys, RANDOM).distribution(name);
        byte[] ciphertext = new GroupCipher(keys, RANDOM).encrypt(name, "sealed".getBytes(StandardCharsets.UTF_8));
        byte[] javaBody = new SealedBody("signal-v3", ciphertext).encode();
        JsonNode tsBody = ts.call("sealBody", Map.of("suite", "signal-v3", "ciphertext", b64(ciphertext)));
        assertThat(bytes(tsBody.get("body"))).isEqualTo(javaBody);
        JsonNode opened = ts.call("openBody", Map.of("body", b64(javaBody)));
        assertThat(opened.get("suite").asText()).isEqualTo("signal-v3");
        assertThat(bytes(opened.get("ciphertext"))).isEqualTo(ciphertext);
        assertThatThrownBy(() -> ts.call("openBody", Map.of("body",
                b64(new SealedBody("signal-v9", ciphertext).encode())))).hasMessageContaining("unknown suite");

        String conversation = "dm.ua.ub\u00e9"; // non-ASCII: UTF-8 on both sides
        byte[] javaContent = PairwiseContent.encode(new PairwiseContent.SenderKeyFor(conversation, distribution));
        JsonNode tsContent = ts.call("senderKeyFor", Map.of("conversationId", conversation, "distribution",
                b64(distribution.serialized())));
        assertThat(bytes(tsContent.get("content"))).isEqualTo(javaContent);
        JsonNode content = ts.call("openPairwise", Map.of("content", b64(javaContent)));
        assertThat(content.get("kind").asText()).isEqualTo("senderKey");
        assertThat(content.get("conversationId").asText()).isEqualTo(conversation);
        assertThat(bytes(content.get("distribution"))).isEqualTo(distribution.serialized());
        assertThat(PairwiseContent.decode(bytes(tsContent.get("content"))))
                .isInstanceOf(PairwiseContent.SenderKeyFor.class);
    }

    private static Map<String, String> peer(Address address) {
        return address(address.userId(), address.deviceId());
    }

    private static String text(Decryption result) {
        assertThat(result).isInstanceOf(Decryption.Plaintext.class);
        return new String(((Decryption.Plaintext) result).bytes(), StandardCharsets.UTF_8);
    }
}
