package chat.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalStackMainTest {
    @Test
    void defaultsMatchTheDocumentedPortsAndDirectories() {
        LocalStackConfig config = LocalStackMain.Options.parse(new String[0]).config();
        assertThat(config).isEqualTo(new LocalStackConfig(Path.of(".data", "dynamodb"), "127.0.0.1", 4567, 9324,
                4569, "chat-", "chat-", "chat-", Path.of(".data", "logs")));
    }

    @Test
    void parsesEveryFlag() {
        LocalStackMain.Options options = LocalStackMain.Options.parse(new String[] {"--in-memory", "--dynamodb-port",
                "0", "--sqs-port", "19324", "--s3-port", "19569", "--tables-prefix", "t-", "--queues-prefix", "q-",
                "--buckets-prefix", "b-", "--log-dir", "l", "--ready-file", "r"});
        assertThat(options.config()).isEqualTo(new LocalStackConfig(null, "127.0.0.1", 0, 19324, 19569, "t-", "q-",
                "b-", Path.of("l")));
        assertThat(options.readyFile).isEqualTo(Path.of("r"));
    }

    @Test
    void rejectsUnknownFlagsAndBadPorts() {
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--nope"}))
                .hasMessageContaining("--nope");
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--sqs-port", "70000"}))
                .hasMessageContaining("not a port");
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--data-dir"}))
                .hasMessageContaining("needs a value");
    }
}
