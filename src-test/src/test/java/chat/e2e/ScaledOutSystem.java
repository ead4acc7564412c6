package chat.e2e;

import chat.system.ChatSystem;
import chat.system.SystemOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The scaled-out system the fault, limit and authorization tests share: two functions instances and two brokers on
 * one local stack, DynamoDB data on disk (so the engine can be restarted under load) and the product's own limits
 * (frame rate included). Every broker knows both functions instances and fails over between them; clients get both
 * brokers. Tests that kill a process start it again before they end. Asked for as a {@link Scaled} parameter.
 */
public final class ScaledOutSystem implements ParameterResolver {
    /** The scaled-out system (a distinct type, so a test can ask for it next to the shared one). */
    public record Scaled(ChatSystem system) {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Scaled.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Scaled(SystemHolder.get(context, ScaledOutSystem.class, () -> ChatSystem.start(options())));
    }

    private static SystemOptions options() {
        try {
            Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "e2e-data")), "scaled-");
            return SystemOptions.forTests(Path.of("target", "e2e-logs", "scaled-out")).withDataDir(data)
                    .withInstances(2, 2).withProductRateLimit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
