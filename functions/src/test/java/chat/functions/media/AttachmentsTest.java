package chat.functions.media;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.lambda.LocalStackResource;
import chat.functions.support.ApiCalls.Answer;
import chat.functions.media.MediaCalls.User;
import chat.model.Ids;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attachment slots against the real functions, dynalite and the S3-API engine (s3proxy): the parts go to the store
 * through presigned URLs exactly as a device sends them.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class AttachmentsTest {
    private static final long MIB = 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TestHTTPResource("/")
    URI base;

    private MediaCalls calls;
    private User alice;
    private User bob;
    private String dm;

    @BeforeEach
    void setUp() throws Exception {
        calls = new MediaCalls(base);
        alice = calls.newUser();
        bob = calls.newUser();
        dm = Ids.directConversationId(alice.userId(), bob.userId());
    }

    @Test
    void aBlobUploadedInPartsIsDownloadedWholeByTheOtherMember() throws Exception {
        byte[] blob = random(9 * MIB + 123);
        String id = calls.opened(alice, dm, blob.length);
        Answer plan = calls.plan(alice, id);
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat(plan.json().get("urls")).hasSize(2);
        uploadAll(plan.json(), blob);

        Answer done = calls.complete(alice, id);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        Answer download = calls.download(bob, id);
        assertThat(download.status()).as(download.body()).isEqualTo(200);
        assertThat(download.json().get("size").asLong()).isEqualTo(blob.length);
        var got = MediaCalls.get(download.json().get("url").asText());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(blob);
    }

    @Test
    void aResumedPlanOffersOnlyThePartsTheStoreDoesNotHave() throws Exception {
        byte[] blob = random(9 * MIB);
        String id = calls.opened(alice, dm, blob.length);
        JsonNode first = calls.plan(alice, id).json().get("urls").get(0);
        assertThat(MediaCalls.put(first.get("url").asText(), Arrays.copyOf(blob, (int) first.get("size").asLong())))
                .isEqualTo(200);

        JsonNode resumed = calls.plan(alice, id).json();
        assertThat(resumed.get("done")).extracting(JsonNode::asInt).containsExactly(1);
        assertThat(resumed.get("urls")).extracting(u -> u.get("part").asInt()).containsExactly(2);
    }

    @Test
    void completingBeforeEveryPartIsStoredIsUploadIncomplete() throws Exception {
        String id = calls.opened(alice, dm, 6 * MIB);
        Answer early = calls.complete(alice, id);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("UPLOAD_INCOMPLETE");
        assertThat(calls.download(bob, id).code()).isEqualTo("ATTACHMENT_NOT_FOUND"); // not sent: nobody reads it
    }

    @Test
    void theStoreRefusesAPartOfAnotherLengthThanSigned() throws Exception {
        String id = calls.opened(alice, dm, 1000);
        String url = calls.plan(alice, id).json().get("urls").get(0).get("url").asText();
        assertThat(MediaCalls.put(url, random(1001))).isGreaterThanOrEqualTo(400);
        assertThat(MediaCalls.put(url, random(999))).isGreaterThanOrEqualTo(400);
        assertThat(calls.plan(alice, id).json().get("done")).isEmpty();
        assertThat(calls.complete(alice, id).code()).isEqualTo("UPLOAD_INCOMPLETE");
    }

    @Test
    void aCompletedSlotIsClosedToMoreUploadsAndASecondComplete() throws Exception {
        byte[] blob = random(2000);
        String id = calls.opened(alice, dm, blob.length);
        uploadAll(calls.plan(alice, id).json(), blob);
        assertThat(calls.complete(alice, id).status()).isEqualTo(200);

        assertThat(calls.complete(alice, id).code()).isEqualTo("UPLOAD_CLOSED");
        assertThat(calls.plan(alice, id).code()).isEqualTo("UPLOAD_CLOSED");
    }

    @Test
    void aStrangerAnUnknownIdAndAMalformedIdGetTheSameNotFound() throws Exception {
        byte[] blob = random(100);
        String id = calls.opened(alice, dm, blob.length);
        uploadAll(calls.plan(alice, id).json(), blob);
        calls.complete(alice, id);
        User eve = calls.newUser();

        Answer stranger = calls.download(eve, id);
        Answer unknown = calls.download(eve, "att_AAAAAAAAAAAAAAAAAAAAAA");
        Answer malformed = calls.download(eve, "..%2F..%2Fetc");
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.code()).isEqualTo("ATTACHMENT_NOT_FOUND");
        assertThat(unknown.code()).isEqualTo("ATTACHMENT_NOT_FOUND");
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(calls.plan(eve, id).code()).isEqualTo("ATTACHMENT_NOT_FOUND"); // not the uploader
    }

    @Test
    void aSlotForAConversationTheCallerIsNotInIsRefused() throws Exception {
        User eve = calls.newUser();
        Answer a = calls.open(eve, dm, 100);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.code()).isEqualTo("CONVERSATION_NOT_FOUND");
    }

    @Test
    void aDeclaredSizeOverTheLimitIsTooLarge() throws Exception {
        Answer a = calls.open(alice, dm, 200 * MIB);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.code()).isEqualTo("ATTACHMENT_TOO_LARGE");
    }

    @Test
    void aSizeOfTheWrongJsonTypeOrMissingIsRefusedNotCoerced() throws Exception {
        Answer string = calls.send("POST", "/v1/attachments", alice.credential(),
                "{\"conversationId\":\"" + dm + "\",\"size\":\"100\"}");
        Answer missing = calls.send("POST", "/v1/attachments", alice.credential(),
                "{\"conversationId\":\"" + dm + "\"}");
        Answer zero = calls.open(alice, dm, 0);
        assertThat(string.code()).isEqualTo("INVALID_FIELD");
        assertThat(missing.code()).isEqualTo("MISSING_FIELD");
        assertThat(zero.code()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void everyCallNeedsALiveDevice() throws Exception {
        Answer a = calls.send("POST", "/v1/attachments", null, "{\"conversationId\":\"" + dm + "\",\"size\":1}");
        assertThat(a.status()).isEqualTo(401);
    }

    private static void uploadAll(JsonNode plan, byte[] blob) throws Exception {
        long partSize = plan.get("partSize").asLong();
        for (JsonNode u : plan.get("urls")) {
            int from = (int) ((u.get("part").asInt() - 1) * partSize);
            byte[] part = Arrays.copyOfRange(blob, from, from + (int) u.get("size").asLong());
            assertThat(MediaCalls.put(u.get("url").asText(), part)).isEqualTo(200);
        }
    }

    private static byte[] random(long n) {
        byte[] b = new byte[(int) n];
        RANDOM.nextBytes(b);
        return b;
    }
}
