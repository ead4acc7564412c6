package chat.e2ee.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.e2ee.attachment.AttachmentIntegrityException.Reason;
import chat.e2ee.content.AttachmentPointer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttachmentCipherTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private static byte[] plaintext(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] encrypt(byte[] plain, AttachmentKeys keys) throws IOException {
        try (AttachmentEncryptingStream in = new AttachmentEncryptingStream(
                new ByteArrayInputStream(plain), plain.length, keys)) {
            return in.readAllBytes();
        }
    }

    private static byte[] decrypt(byte[] blob, AttachmentKeys keys, long plainSize, byte[] digest)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AttachmentDecryptor.decrypt(new ByteArrayInputStream(blob), out, keys.key(), plainSize, digest);
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 541, 542, (1 << 20) + 7})
    void aBlobDecryptsToItsPlaintextAndHasTheComputedSize(int size) throws Exception {
        byte[] plain = plaintext(size);
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        AttachmentEncryptingStream stream = new AttachmentEncryptingStream(
                new ByteArrayInputStream(plain), size, keys);
        byte[] blob = stream.readAllBytes();

        assertThat((long) blob.length).isEqualTo(AttachmentPadding.blobSize(size)).isEqualTo(stream.blobSize());
        assertThat(stream.digest()).isEqualTo(sha256(blob));
        assertThat(decrypt(blob, keys, size, stream.digest())).isEqualTo(plain);
    }

    @Test
    void theBlobIsIvThenCbcOfZeroPaddedPlaintextThenHmacOverBoth() throws Exception {
        // An independent construction with the JDK in one shot, as the format in docs/e2ee.md describes it.
        byte[] plain = plaintext(1000);
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] padded = Arrays.copyOf(plain, (int) AttachmentPadding.paddedSize(plain.length));
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(keys.key(), 32), "AES"),
                new IvParameterSpec(keys.iv()));
        byte[] ciphertext = aes.doFinal(padded);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Arrays.copyOfRange(keys.key(), 32, 64), "HmacSHA256"));
        mac.update(keys.iv());
        byte[] tag = mac.doFinal(ciphertext);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(keys.iv());
        expected.write(ciphertext);
        expected.write(tag);

        assertThat(encrypt(plain, keys)).isEqualTo(expected.toByteArray());
    }

    @Test
    void theSameKeysAndPlaintextGiveTheSameBlobSoAnUploadCanResumeBySkipping() throws Exception {
        byte[] plain = plaintext(200_000);
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] whole = encrypt(plain, keys);
        try (InputStream resumed = new AttachmentEncryptingStream(new ByteArrayInputStream(plain), plain.length,
                keys)) {
            resumed.skipNBytes(123_457);
            assertThat(resumed.readAllBytes()).isEqualTo(Arrays.copyOfRange(whole, 123_457, whole.length));
        }
    }

    @Test
    void theDigestIsUnknownUntilTheBlobWasRead() {
        AttachmentEncryptingStream stream = new AttachmentEncryptingStream(
                new ByteArrayInputStream(new byte[10]), 10, AttachmentKeys.random(RANDOM));
        assertThatThrownBy(stream::digest).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSourceShorterThanDeclaredFails() {
        AttachmentEncryptingStream stream = new AttachmentEncryptingStream(
                new ByteArrayInputStream(new byte[99]), 100, AttachmentKeys.random(RANDOM));
        assertThatThrownBy(stream::readAllBytes).isInstanceOf(AttachmentSizeMismatchException.class)
                .hasMessageContaining("99 of 100");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void aSourceLongerThanDeclaredFails(int declared) {
        AttachmentEncryptingStream stream = new AttachmentEncryptingStream(
                new ByteArrayInputStream(new byte[declared + 1]), declared, AttachmentKeys.random(RANDOM));
        assertThatThrownBy(stream::readAllBytes).isInstanceOf(AttachmentSizeMismatchException.class)
                .hasMessageContaining("more than " + declared);
    }

    @Test
    void alteringAnyByteOfIvCiphertextOrMacIsABadMac() throws Exception {
        byte[] plain = plaintext(3000);
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] blob = encrypt(plain, keys);
        for (int at : new int[] {0, 15, 16, 1500, blob.length - 33, blob.length - 32, blob.length - 1}) {
            byte[] altered = blob.clone();
            altered[at] ^= 1;
            assertThatThrownBy(() -> decrypt(altered, keys, plain.length, sha256(blob)))
                    .as("byte %d", at)
                    .isInstanceOfSatisfying(AttachmentIntegrityException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MAC));
        }
    }

    @Test
    void aWrongKeyIsABadMac() throws Exception {
        byte[] blob = encrypt(plaintext(10), AttachmentKeys.random(RANDOM));
        assertThatThrownBy(() -> decrypt(blob, AttachmentKeys.random(RANDOM), 10, null))
                .isInstanceOfSatisfying(AttachmentIntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MAC));
    }

    @Test
    void aBlobOtherThanThePointersDigestIsRefused() throws Exception {
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] blob = encrypt(plaintext(10), keys);
        byte[] wrong = sha256(blob);
        wrong[0] ^= 1;
        assertThatThrownBy(() -> decrypt(blob, keys, 10, wrong))
                .isInstanceOfSatisfying(AttachmentIntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_DIGEST));
    }

    @Test
    void aTruncatedBlobIsRefused() throws Exception {
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] blob = encrypt(plaintext(5000), keys);
        for (int length : new int[] {0, 10, 16, 2000, blob.length - 1}) {
            assertThatThrownBy(() -> decrypt(Arrays.copyOf(blob, length), keys, 5000, null))
                    .as("length %d", length)
                    .isInstanceOfSatisfying(AttachmentIntegrityException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
        }
    }

    @Test
    void aBlobWithAnExtraByteIsRefused() throws Exception {
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] blob = encrypt(plaintext(5000), keys);
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(blob, blob.length + 1), keys, 5000, sha256(blob)))
                .isInstanceOfSatisfying(AttachmentIntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    void aPointerClaimingAnotherSizeDoesNotDecrypt() throws Exception {
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] blob = encrypt(plaintext(5000), keys);
        // 5000 and 4000 fall in different buckets: the blob is too long for 4000 bytes.
        assertThatThrownBy(() -> decrypt(blob, keys, 4000, null))
                .isInstanceOfSatisfying(AttachmentIntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    void aVerifiedBlobIsMovedIntoPlaceAndNoPartFileRemains() throws Exception {
        byte[] plain = plaintext(70_000);
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] blob = encrypt(plain, keys);
        Path target = dir.resolve("photo.jpg");
        Files.write(target, new byte[] {1, 2, 3});

        AttachmentDecryptor.decryptToFile(new ByteArrayInputStream(blob), target, keys.key(), plain.length,
                sha256(blob));

        assertThat(Files.readAllBytes(target)).isEqualTo(plain);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void nothingIsLeftAtTheTargetAfterAFailure() throws Exception {
        byte[] plain = plaintext(70_000);
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] blob = encrypt(plain, keys);
        blob[40_000] ^= 1;
        Path target = dir.resolve("photo.jpg");

        assertThatThrownBy(() -> AttachmentDecryptor.decryptToFile(new ByteArrayInputStream(blob), target,
                keys.key(), plain.length, null))
                .isInstanceOfSatisfying(AttachmentIntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MAC));
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aPointersAttachmentDecryptsAndAPointerWithAnotherBlobSizeIsRefused() throws Exception {
        byte[] plain = plaintext(5000);
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        byte[] blob = encrypt(plain, keys);
        Path target = dir.resolve("doc.pdf");
        AttachmentPointer pointer = new AttachmentPointer("att_0123456789abcdefABCD_-", keys.key(), sha256(blob),
                plain.length, "application/pdf", "doc.pdf", null, null, null, null, blob.length);

        AttachmentDecryptor.decryptToFile(new ByteArrayInputStream(blob), target, pointer);
        assertThat(Files.readAllBytes(target)).isEqualTo(plain);

        AttachmentPointer lying = new AttachmentPointer(pointer.attachmentId(), keys.key(), sha256(blob),
                plain.length, "application/pdf", null, null, null, null, null, blob.length + 16);
        assertThatThrownBy(() -> AttachmentDecryptor.decryptToFile(new ByteArrayInputStream(blob),
                dir.resolve("other.pdf"), lying))
                .isInstanceOfSatisfying(AttachmentIntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
        assertThat(dir.resolve("other.pdf")).doesNotExist();
    }

    @Test
    void aLargeFileStreamsThroughBothDirectionsWithoutBeingHeldInMemory() throws Exception {
        // 16 MiB (two upload parts) of generated plaintext, encrypted and decrypted chunk by chunk: no array of the file's size exists.
        long size = (16L << 20) + 3;
        AttachmentKeys keys = AttachmentKeys.random(RANDOM);
        MessageDigest plainHash = MessageDigest.getInstance("SHA-256");
        AttachmentEncryptingStream blob = new AttachmentEncryptingStream(
                new java.security.DigestInputStream(new GeneratedStream(size), plainHash), size, keys);
        MessageDigest decryptedHash = MessageDigest.getInstance("SHA-256");
        long[] written = {0};
        java.io.OutputStream sink = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                decryptedHash.update(b, off, len);
                written[0] += len;
            }
        };

        AttachmentDecryptor.decrypt(blob, sink, keys.key(), size, null);

        assertThat(written[0]).isEqualTo(size);
        assertThat(decryptedHash.digest()).isEqualTo(plainHash.digest());
        assertThat(blob.digest()).hasSize(32);
    }

    /** Deterministic bytes of a given length, made up as they are read. */
    private static final class GeneratedStream extends InputStream {
        private long remaining;
        private int state = 1;

        GeneratedStream(long size) {
            remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state = state * 1103515245 + 12345;
                b[off + i] = (byte) (state >>> 24);
            }
            remaining -= n;
            return n;
        }
    }

    @Test
    void keysOfTheWrongLengthAreRefused() {
        assertThatThrownBy(() -> new AttachmentKeys(new byte[32], new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachmentKeys(new byte[64], new byte[12]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AttachmentKeys.random(RANDOM).toString()).doesNotContain("[B");
    }
}
