package chat.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Finds the {@code localstack/} folder, whose {@code node_modules} holds dynalite. Tests and tools run from many
 * working directories (repo root, a module, src-test), hence the search.
 */
public final class LocalStackHome {
    public static final String PROPERTY = "chat.localstack.home";
    public static final String ENV = "CHAT_LOCALSTACK_HOME";
    /** The {@code name} in localstack/package.json. */
    static final String PACKAGE_NAME = "chat-localstack";
    private static final Pattern NAMES_THIS_PACKAGE =
            Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(PACKAGE_NAME) + "\"");

    private LocalStackHome() {
    }

    /** The home folder; fails with instructions when it cannot be found or dynalite is not installed in it. */
    public static Path resolve() {
        Path home = locate();
        Path cli = dynaliteCli(home);
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed (missing " + cli + "). Run `mvn -pl localstack "
                    + "generate-resources` from the repository root, or `npm ci` in " + home);
        }
        return home;
    }

    static Path dynaliteCli(Path home) {
        return home.resolve("node_modules").resolve("dynalite").resolve("cli.js");
    }

    /** The folder, whether or not dynalite is installed in it (s3proxy's class path is found from it too). */
    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        if (namesThisPackage(cwd.resolve("package.json"))) {
            return cwd;
        }
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("localstack").resolve("package.json"))) {
                return dir.resolve("localstack");
            }
        }
        throw new IllegalStateException("cannot find the localstack folder from " + cwd + ": set -D" + PROPERTY
                + "=<repo>/localstack or " + ENV);
    }

    private static boolean namesThisPackage(Path packageJson) {
        try {
            return Files.isRegularFile(packageJson)
                    && NAMES_THIS_PACKAGE.matcher(Files.readString(packageJson)).find();
        } catch (IOException e) {
            return false;
        }
    }
}
