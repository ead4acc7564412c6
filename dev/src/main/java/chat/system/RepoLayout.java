package chat.system;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository and the packaged apps in it. */
public final class RepoLayout {
    private final Path root;

    private RepoLayout(Path root) {
        this.root = root;
    }

    /** System property {@code chat.repo}, else the nearest folder upwards that holds the project's modules. */
    public static RepoLayout locate() {
        String configured = System.getProperty("chat.repo", System.getenv("CHAT_REPO"));
        if (configured != null) {
            return new RepoLayout(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("shared-model"))
                    && Files.isDirectory(dir.resolve("functions"))) {
                return new RepoLayout(dir);
            }
        }
        throw new IllegalStateException("cannot find the chat repository above " + Path.of("").toAbsolutePath()
                + "; set -Dchat.repo=<path>");
    }

    public Path root() {
        return root;
    }

    public Path functionsJar() {
        return app("functions");
    }

    public Path brokerJar() {
        return app("connection-broker");
    }

    public Path localstackHome() {
        return root.resolve("localstack");
    }

    /** The local stack's runnable jar; its manifest puts {@code target/lib} on the class path. */
    public Path localstackJar() {
        Path target = root.resolve("localstack").resolve("target");
        try (var jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("localstack-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no localstack jar in " + target
                            + ": build first with `mvn -DskipTests package`"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(target + " is missing: build first with `mvn -DskipTests package`", e);
        }
    }

    private Path app(String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with `mvn -DskipTests install`");
        }
        return jar;
    }
}
