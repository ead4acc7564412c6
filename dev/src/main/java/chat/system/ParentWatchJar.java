package chat.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the jar of {@link ParentWatchAgent} next to the system's logs and names the JVM option that loads it. The
 * jar is made from the class this launcher runs with, at start, so it can never be missing or stale, whether the
 * launcher runs from the packaged jar (bin/*) or from Maven's class folders (the tests).
 */
final class ParentWatchJar {
    private static final String CLASS_FILE = ParentWatchAgent.class.getName().replace('.', '/') + ".class";

    private ParentWatchJar() {
    }

    /** Writes (or rewrites) {@code dir/parent-watch-agent.jar} and returns the {@code -javaagent:} option for it. */
    static String javaAgentOption(Path dir) {
        Path jar = dir.toAbsolutePath().resolve("parent-watch-agent.jar");
        try {
            Files.createDirectories(jar.getParent());
            // Written aside and moved in one step: a child starting meanwhile never reads a half-written jar.
            Path tmp = Files.createTempFile(jar.getParent(), ".parent-watch", ".jar");
            try (OutputStream file = Files.newOutputStream(tmp)) {
                write(file);
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
        return "-javaagent:" + jar;
    }

    private static void write(OutputStream out) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchAgent.class.getName());
        try (JarOutputStream jar = new JarOutputStream(out, manifest);
                InputStream agentClass = ParentWatchAgent.class.getClassLoader().getResourceAsStream(CLASS_FILE)) {
            if (agentClass == null) {
                throw new IOException(CLASS_FILE + " is not on the class path");
            }
            jar.putNextEntry(new JarEntry(CLASS_FILE));
            agentClass.transferTo(jar);
            jar.closeEntry();
        }
    }
}
