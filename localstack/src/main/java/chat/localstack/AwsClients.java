package chat.localstack;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK v2 sync clients for the local engines. dynalite and ElasticMQ check no signatures, s3proxy checks them against
 * the same static credentials; S3 uses path-style addressing (no per-bucket host names on 127.0.0.1). The
 * HTTP client is named explicitly because the SDK's transitive Apache and Netty clients are on the classpath too and
 * the SDK refuses to guess between several.
 */
public final class AwsClients {
    public static final Region REGION = Region.US_EAST_1;
    /** s3proxy checks signatures against these; dynalite and ElasticMQ accept anything. */
    static final String ACCESS_KEY = "local";
    static final String SECRET_KEY = "local";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private AwsClients() {
    }

    public static DynamoDbClient dynamo(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** A client for readiness probes: a refused connection must fail at once, not after the SDK's backoff. */
    static DynamoDbClient dynamoProbe(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    public static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static S3Client s3(URI endpoint) {
        return s3Builder(endpoint).build();
    }

    static S3Client s3Probe(URI endpoint) {
        return s3Builder(endpoint).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** Presigned URLs for the local S3 engine, signed as {@link #s3} signs. */
    public static S3Presigner s3Presigner(URI endpoint) {
        return S3Presigner.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    private static S3ClientBuilder s3Builder(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
