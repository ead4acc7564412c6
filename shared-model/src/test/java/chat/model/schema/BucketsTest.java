package chat.model.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BucketsTest {
    @Test
    void mediaIsTheOneBucketWithTheAgreedNameRetentionAndKeys() {
        assertThat(Buckets.all()).containsExactly(Buckets.Media.DEF);
        assertThat(Buckets.Media.DEF.fullName("chat-")).isEqualTo("chat-media");
        assertThat(Buckets.Media.DEF.retentionDays()).isEqualTo(45);
        assertThat(Buckets.Media.DEF.incompleteUploadDays()).isEqualTo(1);
        assertThat(Buckets.Media.objectKey("att_abc")).isEqualTo("a/att_abc");
    }

    @Test
    void objectKeyRefusesIdsThatWouldLeaveThePrefix() {
        assertThatThrownBy(() -> Buckets.Media.objectKey("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Buckets.Media.objectKey("x/../y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorRefusesNamesS3WouldRejectAndNonsenseDays() {
        assertThatThrownBy(() -> new BucketDef("Media", 45, 1)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new BucketDef("media_", 45, 1)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new BucketDef("-media", 45, 1)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new BucketDef("media", 0, 1)).hasMessageContaining("retentionDays");
        assertThatThrownBy(() -> new BucketDef("media", 45, 0)).hasMessageContaining("incompleteUploadDays");
        assertThatThrownBy(() -> new BucketDef("media", 1, 2)).hasMessageContaining("incompleteUploadDays");
        assertThatThrownBy(() -> Buckets.Media.DEF.fullName("x".repeat(60))).hasMessageContaining("3-63");
    }
}
