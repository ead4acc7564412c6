package chat.e2ee.ts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Devices running the TypeScript library (e2ee-ts) in a Node process, driven over its JSON-lines harness. Its
 * standard error goes to a file, never to the test's output.
 */
final class TypeScriptDevices implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process node;
    private final BufferedWriter in;
    private final BufferedReader out;

    TypeScriptDevices(Path logDir) throws IOException {
        Path home = Path.of(System.getProperty("chat.e2ee-ts.home", "../e2ee-ts")).toAbsolutePath().normalize();
        if (!Files.exists(home.resolve("dist/index.js"))) {
            throw new IllegalStateException("build e2ee-ts first (mvn -pl e2ee-ts compile): no " + home.resolve("dist"));
        }
        node = new ProcessBuilder("node", home.resolve("test/harness.mjs").toString())
                .redirectError(logDir.resolve("e2ee-ts-harness.log").toFile())
                .start();
        in = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends one command; throws if the harness reports an error. */
    synchronized JsonNode call(String op, Map<String, Object> fields) throws IOException {
        ObjectNode command = JSON.valueToTree(fields);
        command.put("op", op);
        in.write(JSON.writeValueAsString(command));
        in.newLine();
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the TypeScript harness exited");
        }
        JsonNode answer = JSON.readTree(line);
        if (answer.has("error")) {
            throw new IllegalStateException("TypeScript: " + answer.get("error").asText());
        }
        return answer;
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] bytes(JsonNode node) {
        return Base64.getDecoder().decode(node.asText());
    }

    static Map<String, String> address(String userId, String deviceId) {
        return Map.of("userId", userId, "deviceId", deviceId);
    }

    @Override
    public void close() throws IOException {
        in.close();
        node.destroy();
        try {
            node.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
