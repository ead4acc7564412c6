package chat.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.schema.BucketDef;
import chat.model.schema.Buckets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Runs against the real s3proxy: documents what the attachment protocol relies on, namely presigned PUT and GET with
 * the content length signed, and multipart uploads whose parts are PUT to presigned UploadPart URLs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalStackS3Test {
    private static final Duration URL_LIFETIME = Duration.ofMinutes(5);
    /** S3's minimum size of every part but the last. */
    private static final int MIN_PART = 5 * 1024 * 1024;
    /** Headers java.net.http sets itself and refuses to be given. */
    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("host", "content-length");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random(15);
    private LocalStack memory;
    private S3Client s3;
    private S3Presigner presigner;
    private String bucket;

    @BeforeAll
    void startInMemoryStack(@TempDir Path logs) {
        memory = new LocalStack(LocalStackConfig.inMemory(logs)).start();
        s3 = AwsClients.s3(memory.s3Endpoint());
        presigner = AwsClients.s3Presigner(memory.s3Endpoint());
        bucket = memory.bucketName(Buckets.Media.DEF);
    }

    @AfterAll
    void stopInMemoryStack() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {presigner, s3, memory}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void startsWithEveryBucketUnderTheDefaultPrefix() {
        assertThat(bucket).isEqualTo("chat-media");
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).containsAll(
                Buckets.all().stream().map(memory::bucketName).toList());
    }

    @Test
    void presignedPutStoresABodyOfTheSignedLengthAndRefusesAnyOther() throws Exception {
        String key = Buckets.Media.objectKey("att_put");
        byte[] body = bytes(1000);
        PresignedRequest put = presigner.presignPutObject(r -> r.signatureDuration(URL_LIFETIME)
                .putObjectRequest(o -> o.bucket(bucket).key(key).contentLength((long) body.length)));
        assertThat(put.signedHeaders()).containsKey("content-length");

        assertThat(send(put, Arrays.copyOf(body, body.length + 1)).statusCode()).isEqualTo(403);
        assertThat(send(put, Arrays.copyOf(body, body.length - 1)).statusCode()).isEqualTo(403);
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix(key)).keyCount()).isZero();

        assertThat(send(put, body).statusCode()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()).isEqualTo(body);
    }

    @Test
    void presignedGetReturnsTheObject() throws Exception {
        String key = Buckets.Media.objectKey("att_get");
        byte[] body = bytes(4096);
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
        PresignedRequest get = presigner.presignGetObject(r -> r.signatureDuration(URL_LIFETIME)
                .getObjectRequest(o -> o.bucket(bucket).key(key)));

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(get.url().toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void multipartUploadThroughPresignedUploadPartUrlsCompletesToTheConcatenatedParts() throws Exception {
        multipartRoundTrip(s3, presigner, bucket, Buckets.Media.objectKey("att_multipart"));
    }

    /** Presigned UploadPart PUTs, ListParts, CompleteMultipartUpload, then a GET of the whole object. */
    private void multipartRoundTrip(S3Client client, S3Presigner signer, String bucketName, String key)
            throws Exception {
        List<byte[]> parts = List.of(bytes(MIN_PART), bytes(MIN_PART), bytes(12345));
        String uploadId = client.createMultipartUpload(r -> r.bucket(bucketName).key(key)).uploadId();

        for (int i = 0; i < parts.size(); i++) {
            int partNumber = i + 1;
            byte[] part = parts.get(i);
            PresignedRequest url = signer.presignUploadPart(r -> r.signatureDuration(URL_LIFETIME)
                    .uploadPartRequest(u -> u.bucket(bucketName).key(key).uploadId(uploadId).partNumber(partNumber)
                            .contentLength((long) part.length)));
            assertThat(url.signedHeaders()).containsKey("content-length");
            if (part.length < MIN_PART) {
                // Only on the small part: for a 5 MiB body s3proxy answers 403 from the headers and closes the
                // connection before the client has written it all, which the client sees as a broken pipe.
                assertThat(send(url, Arrays.copyOf(part, part.length + 1)).statusCode()).isEqualTo(403);
                assertThat(send(url, Arrays.copyOf(part, part.length - 1)).statusCode()).isEqualTo(403);
            }
            assertThat(send(url, part).statusCode()).as("part %d", partNumber).isEqualTo(200);
        }

        List<Part> listed = client.listParts(r -> r.bucket(bucketName).key(key).uploadId(uploadId)).parts();
        assertThat(listed).extracting(Part::partNumber).containsExactly(1, 2, 3);
        assertThat(listed).extracting(Part::size).containsExactly((long) MIN_PART, (long) MIN_PART, 12345L);
        List<CompletedPart> completed = listed.stream()
                .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.eTag()).build()).toList();
        client.completeMultipartUpload(r -> r.bucket(bucketName).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(completed)));

        byte[] stored = client.getObjectAsBytes(r -> r.bucket(bucketName).key(key)).asByteArray();
        assertThat(stored).isEqualTo(concat(parts));
    }

    @Test
    void onDiskStackKeepsAnObjectAcrossARestartAndTakesMultipartUploads() throws Exception {
        LocalStackConfig config = LocalStackConfig.onDisk(tmp.resolve("disk"), tmp.resolve("logs"));
        BucketDef def = Buckets.Media.DEF;
        String key = Buckets.Media.objectKey("att_kept");
        byte[] body = bytes(2048);
        try (LocalStack first = new LocalStack(config).start(); S3Client client = AwsClients.s3(first.s3Endpoint())) {
            client.putObject(r -> r.bucket(first.bucketName(def)).key(key), RequestBody.fromBytes(body));
        }
        try (LocalStack second = new LocalStack(config).start();
             S3Client client = AwsClients.s3(second.s3Endpoint())) {
            assertThat(client.getObjectAsBytes(r -> r.bucket(second.bucketName(def)).key(key)).asByteArray())
                    .isEqualTo(body);
            try (S3Presigner diskPresigner = AwsClients.s3Presigner(second.s3Endpoint())) {
                multipartRoundTrip(client, diskPresigner, second.bucketName(def), Buckets.Media.objectKey("att_mp"));
            }
        }
    }

    @Test
    void restartedInMemoryEngineGetsItsBucketsBack(@TempDir Path logs) {
        try (LocalStack stack = new LocalStack(LocalStackConfig.inMemory(logs)).start();
             S3Client client = AwsClients.s3(stack.s3Endpoint())) {
            String name = stack.bucketName(Buckets.Media.DEF);
            client.putObject(r -> r.bucket(name).key("a/x"), RequestBody.fromBytes(bytes(10)));
            stack.restartS3();
            assertThat(client.listBuckets().buckets()).extracting(Bucket::name).contains(name);
            assertThat(client.listObjectsV2(r -> r.bucket(name)).keyCount()).isZero();
        }
    }

    /** PUTs {@code body} to a presigned URL with the headers it was signed with (bar those the client sets). */
    private HttpResponse<String> send(PresignedRequest request, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url().toString()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : request.signedHeaders().entrySet()) {
            if (!SET_BY_HTTP_CLIENT.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(List<byte[]> parts) {
        byte[] all = new byte[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
