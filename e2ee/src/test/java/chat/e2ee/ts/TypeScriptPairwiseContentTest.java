package chat.e2ee.ts;

import static chat.e2ee.ts.TypeScriptDevices.b64;
import static chat.e2ee.ts.TypeScriptDevices.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.messaging.PairwiseContent;
import chat.e2ee.session.Address;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery contents (session reset, key request, held key) written by one library and read by the other.
 */
class TypeScriptPairwiseContentTest {
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

    private static JsonNode tsOpen(byte[] content) throws Exception {
        return ts.call("openPairwise", Map.of("content", b64(content)));
    }

    @Test
    void aSessionResetIsTheSameInBoth() throws Exception {
        byte[] java = PairwiseContent.encode(new PairwiseContent.SessionReset());
        assertThat(tsOpen(java).get("kind").asText()).isEqualTo("sessionReset");
        byte[] fromTs = bytes(ts.call("sessionReset", Map.of()).get("content"));
        assertThat(fromTs).isEqualTo(java);
        assertThat(PairwiseContent.decode(fromTs)).isInstanceOf(PairwiseContent.SessionReset.class);
    }

    @Test
    void keyRequestsWithAndWithoutAChainSenderReadTheSame() throws Exception {
        PairwiseContent.KeyRequest plain = new PairwiseContent.KeyRequest("g\u00e91", -1, 300);
        JsonNode read = tsOpen(PairwiseContent.encode(plain));
        assertThat(read.get("kind").asText()).isEqualTo("keyRequest");
        assertThat(read.get("conversationId").asText()).isEqualTo("g\u00e91");
        assertThat(read.get("keyId").asLong()).isEqualTo(0xffffffffL);
        assertThat(read.get("iteration").asLong()).isEqualTo(300);
        assertThat(read.has("chainOf")).isFalse();

        PairwiseContent.KeyRequest chain = new PairwiseContent.KeyRequest("g1", 7, 0,
                Optional.of(new Address("u\u00e9", "d2")));
        read = tsOpen(PairwiseContent.encode(chain));
        assertThat(read.get("keyId").asLong()).isEqualTo(7);
        assertThat(read.get("iteration").asLong()).isEqualTo(0);
        assertThat(read.get("chainOf").get("userId").asText()).isEqualTo("u\u00e9");
        assertThat(read.get("chainOf").get("deviceId").asText()).isEqualTo("d2");

        Map<String, Object> fields = new HashMap<>(Map.of("conversationId", "g\u00e91", "keyId", 0xffffffffL,
                "iteration", 300));
        byte[] fromTs = bytes(ts.call("keyRequest", fields).get("content"));
        assertThat(fromTs).isEqualTo(PairwiseContent.encode(plain));
        assertThat(PairwiseContent.decode(fromTs)).isEqualTo(plain);
        fields = new HashMap<>(Map.of("conversationId", "g1", "keyId", 7, "iteration", 0,
                "chainOf", Map.of("userId", "u\u00e9", "deviceId", "d2")));
        fromTs = bytes(ts.call("keyRequest", fields).get("content"));
        assertThat(fromTs).isEqualTo(PairwiseContent.encode(chain));
        assertThat(PairwiseContent.decode(fromTs)).isEqualTo(chain);
    }

    @Test
    void aHeldKeyReadsTheSame() throws Exception {
        ts.call("newDevice", Map.of("id", "held", "registrationId", 9));
        String serialized = ts.call("groupDistribution", Map.of("id", "held", "conversationId", "g1",
                "self", Map.of("userId", "ua", "deviceId", "d1"))).get("serialized").asText();
        SenderKeyDistributionMessage distribution = SenderKeyDistributionMessage.parse(
                java.util.Base64.getDecoder().decode(serialized));
        PairwiseContent.HeldKey held = new PairwiseContent.HeldKey("g1", new Address("ua", "d1"), distribution);
        JsonNode read = tsOpen(PairwiseContent.encode(held));
        assertThat(read.get("kind").asText()).isEqualTo("heldKey");
        assertThat(read.get("conversationId").asText()).isEqualTo("g1");
        assertThat(read.get("sender").get("userId").asText()).isEqualTo("ua");
        assertThat(read.get("sender").get("deviceId").asText()).isEqualTo("d1");
        assertThat(read.get("distribution").asText()).isEqualTo(serialized);

        byte[] fromTs = bytes(ts.call("heldKey", Map.of("conversationId", "g1",
                "sender", Map.of("userId", "ua", "deviceId", "d1"), "distribution", serialized)).get("content"));
        assertThat(fromTs).isEqualTo(PairwiseContent.encode(held));
        PairwiseContent.HeldKey back = (PairwiseContent.HeldKey) PairwiseContent.decode(fromTs);
        assertThat(back.conversationId()).isEqualTo("g1");
        assertThat(back.sender()).isEqualTo(new Address("ua", "d1"));
        assertThat(back.distribution().serialized()).isEqualTo(distribution.serialized());
    }
}
