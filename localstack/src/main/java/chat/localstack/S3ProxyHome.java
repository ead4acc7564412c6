package chat.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds s3proxy's class path folder, {@code localstack-s3proxy/target/lib}: a system property or environment variable,
 * else next to the localstack folder (found as {@link LocalStackHome} finds it). s3proxy runs in a JVM of its own
 * because its Jackson 3 and Jetty clash with this module's class path, so it is a folder of jars, not a dependency.
 */
public final class S3ProxyHome {
    public static final String PROPERTY = "chat.localstack.s3proxy.lib";
    public static final String ENV = "CHAT_S3PROXY_LIB";
    /** The one class of localstack-s3proxy: s3proxy's main behind a watch that ends it with its parent. */
    static final String MAIN_CLASS = "chat.localstack.s3proxy.S3ProxyLauncher";

    private S3ProxyHome() {
    }

    /** The lib folder; fails with instructions when it is missing or lacks s3proxy. */
    public static Path resolve() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        Path lib = configured != null && !configured.isBlank() ? Path.of(configured).toAbsolutePath().normalize()
                : LocalStackHome.locate().resolveSibling("localstack-s3proxy").resolve("target").resolve("lib");
        if (!hasJar(lib, "s3proxy-") || !hasJar(lib, "localstack-s3proxy-")) {
            throw new IllegalStateException("s3proxy's class path is not built (no s3proxy and localstack-s3proxy jars"
                    + " in " + lib + "). Run `mvn -pl localstack-s3proxy package` from the repository root, or set -D"
                    + PROPERTY + " / " + ENV);
        }
        return lib;
    }

    private static boolean hasJar(Path lib, String prefix) {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (var files = Files.list(lib)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(name -> name.startsWith(prefix) && name.endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib, e);
        }
    }
}
