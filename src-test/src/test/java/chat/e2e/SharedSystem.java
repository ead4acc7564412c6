package chat.e2e;

import chat.system.ChatSystem;
import chat.system.SystemOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One running system (in-memory local stack, a functions process, a broker process) shared by every test class
 * that asks for it, started on first use and stopped when the test JVM finishes. Tests isolate themselves by
 * registering fresh users.
 */
public final class SharedSystem implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ChatSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SystemHolder.get(context, SharedSystem.class,
                () -> ChatSystem.start(SystemOptions.forTests(Path.of("target", "e2e-logs", "shared"))
                        .withMetering()));
    }
}
