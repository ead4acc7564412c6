package chat.e2ee.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AttachmentPaddingTest {
    @Test
    void smallFilesAllPadTo541Bytes() {
        assertThat(AttachmentPadding.paddedSize(0)).isEqualTo(541);
        assertThat(AttachmentPadding.paddedSize(1)).isEqualTo(541);
        assertThat(AttachmentPadding.paddedSize(541)).isEqualTo(541);
    }

    @Test
    void largerFilesPadToTheNextFivePercentBucket() {
        // 1.05^129 = 541.4..., 1.05^130 = 568.5...: 542 is past the first bucket.
        assertThat(AttachmentPadding.paddedSize(542)).isEqualTo(568);
        assertThat(AttachmentPadding.paddedSize(568)).isEqualTo(568);
        assertThat(AttachmentPadding.paddedSize(569)).isEqualTo(596);
        long mib = AttachmentPadding.paddedSize(1 << 20);
        assertThat(mib).isBetween(1L << 20, (long) ((1 << 20) * 1.05));
    }

    @Test
    void paddingNeverShrinksAFile() {
        for (long n = 0; n < 200_000; n += 997) {
            assertThat(AttachmentPadding.paddedSize(n)).isGreaterThanOrEqualTo(n);
        }
        assertThat(AttachmentPadding.paddedSize(100L << 20)).isGreaterThanOrEqualTo(100L << 20);
    }

    @Test
    void theBlobIsIvCiphertextWithPkcs7AndMac() {
        // 541 padded -> 544 ciphertext (541 + 16 - 541 % 16); 16 + 544 + 32.
        assertThat(AttachmentPadding.blobSize(0)).isEqualTo(16 + 544 + 32);
        // 568 -> 576 (8 bytes of PKCS#7).
        assertThat(AttachmentPadding.blobSize(542)).isEqualTo(16 + 576 + 32);
        // floor(1.05^167) = 3456, a multiple of 16: PKCS#7 adds a whole block.
        assertThat(AttachmentPadding.paddedSize(3400)).isEqualTo(3456);
        assertThat(AttachmentPadding.blobSize(3400)).isEqualTo(16 + 3472 + 32);
    }

    @Test
    void theBlobSizeIsSignalsCiphertextLengthOfThePaddedSize() {
        // Signal's AttachmentCipherStreamUtil.getCiphertextLength: 16 + (p / 16 + 1) * 16 + 32.
        for (long n = 0; n < 100_000; n += 7) {
            long p = AttachmentPadding.paddedSize(n);
            assertThat(AttachmentPadding.blobSize(n)).as("n=%d", n).isEqualTo(16 + (p / 16 + 1) * 16 + 32);
        }
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatThrownBy(() -> AttachmentPadding.paddedSize(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
