package chat.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The launcher ends s3proxy when its standard input closes, which is what happens when the JVM that started it dies
 * in any way (SIGKILL included): no s3proxy outlives the local stack holding its port.
 */
class S3ProxyLauncherTest {
    @Test
    void s3proxyExitsOnceItsParentsEndOfThePipeCloses(@TempDir Path dir) throws Exception {
        int port = Ports.resolve(LocalStackConfig.DEFAULT_HOST, 0);
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=none", "jclouds.provider=transient", "jclouds.identity=local",
                "jclouds.credential=local", ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", S3ProxyHome.resolve().resolve("*").toString(),
                S3ProxyHome.MAIN_CLASS, "--properties", properties.toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        try {
            try (S3Client probe = AwsClients.s3Probe(URI.create("http://127.0.0.1:" + port))) {
                Poll.until("s3proxy listening", Duration.ofMinutes(2), Duration.ofMillis(50), () -> {
                    assertThat(process.isAlive()).as("s3proxy still running").isTrue();
                    try {
                        probe.listBuckets();
                        return true;
                    } catch (SdkException notYet) {
                        return false;
                    }
                });
            }
            process.getOutputStream().close();
            Poll.until("s3proxy to exit", Duration.ofSeconds(30), Duration.ofMillis(20), () -> !process.isAlive());
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }
}
