package chat.e2ee.ts;

import static chat.e2ee.ts.TypeScriptDevices.b64;
import static chat.e2ee.ts.TypeScriptDevices.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.attachment.AttachmentDecryptor;
import chat.e2ee.attachment.AttachmentEncryptingStream;
import chat.e2ee.attachment.AttachmentKeys;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attachment blobs made by one library open in the other, and the same keys, IV and file give the same bytes in
 * both: two implementations of Signal's format on different primitives (JDK, @noble) agree.
 */
class TypeScriptAttachmentTest {
    private static final int[] SIZES = {0, 1, 15, 16, 541, 542, 100_003};

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

    private static byte[] plaintext(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void bothLibrariesWriteTheSameBlobAndReadEachOthers() throws Exception {
        SecureRandom random = new SecureRandom();
        for (int size : SIZES) {
            byte[] plain = plaintext(size);
            AttachmentKeys keys = AttachmentKeys.random(random);
            AttachmentEncryptingStream ours = new AttachmentEncryptingStream(new ByteArrayInputStream(plain), size,
                    keys);
            byte[] javaBlob = ours.readAllBytes();

            JsonNode fromTs = ts.call("encryptAttachment", Map.of("key", b64(keys.key()), "iv", b64(keys.iv()),
                    "plaintext", b64(plain), "chunk", 777));
            assertThat(bytes(fromTs.get("blob"))).as("size %d", size).isEqualTo(javaBlob);
            assertThat(bytes(fromTs.get("digest"))).isEqualTo(ours.digest());

            JsonNode opened = ts.call("decryptAttachment", Map.of("key", b64(keys.key()), "size", size,
                    "digest", b64(ours.digest()), "blob", b64(javaBlob), "chunk", 1000));
            assertThat(bytes(opened.get("plaintext"))).isEqualTo(plain);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AttachmentDecryptor.decrypt(new ByteArrayInputStream(bytes(fromTs.get("blob"))), out, keys.key(), size,
                    bytes(fromTs.get("digest")));
            assertThat(out.toByteArray()).isEqualTo(plain);
        }
    }

    @Test
    void typeScriptRefusesAlteredAndCutJavaBlobsForTheSameReasons() throws Exception {
        AttachmentKeys keys = AttachmentKeys.random(new SecureRandom());
        byte[] plain = plaintext(5000);
        AttachmentEncryptingStream ours = new AttachmentEncryptingStream(new ByteArrayInputStream(plain), 5000, keys);
        byte[] blob = ours.readAllBytes();
        byte[] altered = blob.clone();
        altered[2500] ^= 1;
        byte[] wrongDigest = ours.digest();
        wrongDigest[5] ^= 1;

        assertThat(tsFailure(keys, altered, ours.digest())).isEqualTo("BAD_MAC");
        assertThat(tsFailure(keys, blob, wrongDigest)).isEqualTo("BAD_DIGEST");
        assertThat(tsFailure(keys, Arrays.copyOf(blob, blob.length - 1), null)).isEqualTo("TRUNCATED");
        assertThat(tsFailure(keys, Arrays.copyOf(blob, blob.length + 1), null)).isEqualTo("TOO_LONG");
    }

    private static String tsFailure(AttachmentKeys keys, byte[] blob, byte[] digest) throws Exception {
        Map<String, Object> fields = new HashMap<>(Map.of("key", b64(keys.key()), "size", 5000, "blob", b64(blob),
                "chunk", 4096));
        if (digest != null) {
            fields.put("digest", b64(digest));
        }
        return ts.call("decryptAttachment", fields).get("failure").asText();
    }
}
