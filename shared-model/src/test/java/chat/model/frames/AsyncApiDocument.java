package chat.model.frames;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * {@code docs/asyncapi.yaml} as the tests read it: its messages by operation and wire name, and a validator for each
 * message's payload schema.
 */
final class AsyncApiDocument {
    static final Path FILE = Path.of("..", "docs", "asyncapi.yaml");
    /**
     * Where the validator finds the document: a name only, never fetched. The payload schemas are AsyncAPI Schema
     * Objects, a superset of JSON Schema draft 7, and refer to each other by {@code #/components/schemas/…}, so they
     * are read in place inside the whole document rather than copied out.
     */
    private static final String BASE = "https://chat.invalid/asyncapi.json";

    private final JsonNode root;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private AsyncApiDocument(JsonNode root) {
        this.root = root;
        String json = root.toString();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
                b -> b.schemaLoaders(l -> l.schemas(Map.of(BASE, json))));
    }

    static AsyncApiDocument load() {
        try {
            return new AsyncApiDocument(new YAMLMapper().readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** A message as the document defines it, with where its payload schema is. */
    record Message(String key, JsonNode node, String payloadPointer) {
        String name() {
            return node.path("name").asText();
        }

        List<JsonNode> examplePayloads() {
            List<JsonNode> payloads = new ArrayList<>();
            node.path("examples").forEach(e -> payloads.add(e.path("payload")));
            return payloads;
        }
    }

    /** The messages an operation ({@code send} or {@code receive}) lists, by their wire name, in document order. */
    Map<String, Message> messages(String operation) {
        Map<String, Message> byName = new LinkedHashMap<>();
        for (JsonNode ref : root.at("/operations/" + operation + "/messages")) {
            String pointer = follow(ref.path("$ref").asText());
            JsonNode node = root.at(pointer);
            JsonNode payload = node.path("payload");
            String payloadPointer = payload.has("$ref") ? follow(payload.path("$ref").asText()) : pointer + "/payload";
            Message m = new Message(pointer.substring(pointer.lastIndexOf('/') + 1), node, payloadPointer);
            if (byName.put(m.name(), m) != null) {
                throw new IllegalStateException(operation + " lists two messages named " + m.name());
            }
        }
        return byName;
    }

    /** The schema at a {@code #/…} reference, following references to references (channel → component message). */
    private String follow(String ref) {
        String pointer = ref.substring(1);
        JsonNode target = root.at(pointer);
        if (target.isMissingNode()) {
            throw new IllegalStateException("dangling $ref " + ref);
        }
        return target.has("$ref") && target.size() == 1 ? follow(target.path("$ref").asText()) : pointer;
    }

    /** What is wrong with {@code frame} as a payload of {@code message}; empty when it validates. */
    Set<String> violations(Message message, JsonNode frame) {
        JsonSchema schema = schemas.computeIfAbsent(message.payloadPointer(),
                p -> factory.getSchema(SchemaLocation.of(BASE + "#" + p)));
        return schema.validate(frame).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
