package chat.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code cdk synth} offline: the cloud assembly on disk, with both assets staged and no docker needed. */
class SynthTest {
    private static Synth.Result dev;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
    }

    @Test
    void cloudAssemblyIsWritten() {
        assertThat(dev.outdir().resolve("manifest.json")).isRegularFile();
        assertThat(dev.outdir().resolve("Chat-dev.template.json")).isRegularFile();
        assertThat(dev.assembly().getStacks()).hasSize(1);
        assertThat(dev.assembly().getStacks().get(0).getStackName()).isEqualTo("chat-dev");
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionsZipAndBrokerBuildContextAreStaged() throws IOException {
        Map<String, Object> assets = new ObjectMapper().readValue(
                dev.outdir().resolve("Chat-dev.assets.json").toFile(), Map.class);
        Map<String, Object> files = Cfn.map(assets.get("files"));
        assertThat(files.values().stream().map(f -> Cfn.map(Cfn.map(f).get("source")).get("path").toString()))
                .anyMatch(p -> p.endsWith(".zip"));

        Map<String, Object> images = Cfn.map(assets.get("dockerImages"));
        assertThat(images).hasSize(1);
        Map<String, Object> source = Cfn.map(Cfn.map(images.values().iterator().next()).get("source"));
        assertThat(source.get("dockerFile")).isEqualTo("infra-cdk/docker/broker/Dockerfile");
        assertThat(source.get("platform")).isEqualTo("linux/amd64");

        // the staged build context is the repository root filtered down to the Dockerfile and the broker's build
        Path context = dev.outdir().resolve(source.get("directory").toString());
        assertThat(context.resolve("infra-cdk/docker/broker/Dockerfile")).isRegularFile();
        assertThat(context.resolve("infra-cdk/docker/broker/entrypoint.sh")).isRegularFile();
        try (Stream<Path> top = Files.list(context)) {
            assertThat(top.map(p -> p.getFileName().toString()).toList())
                    .isSubsetOf(List.of("infra-cdk", "connection-broker"));
        }
        assertThat(context.resolve("infra-cdk/pom.xml")).doesNotExist();
        assertThat(context.resolve("infra-cdk/target")).doesNotExist();
        assertThat(context.resolve("connection-broker/src")).doesNotExist();
        assertThat(context.resolve("connection-broker/pom.xml")).doesNotExist();
    }

    @Test
    void dockerfileCopiesTheBrokersQuarkusApp() throws IOException {
        String dockerfile = Files.readString(Path.of("docker/broker/Dockerfile"));
        assertThat(dockerfile).contains("COPY --chown=185 connection-broker/target/quarkus-app/lib/")
                .contains("connection-broker/target/quarkus-app/quarkus/")
                .contains("EXPOSE 8080")
                .contains("entrypoint.sh");
    }

    @Test
    void cdkJsonRunsTheApp() throws IOException {
        Map<?, ?> cdkJson = new ObjectMapper().readValue(Path.of("cdk.json").toFile(), Map.class);
        assertThat(cdkJson.get("app").toString()).contains("exec:java").contains("chat.infra.ChatApp");
    }
}
