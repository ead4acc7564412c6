package chat.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.lambda.LocalStackResource;
import chat.model.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at {@code /q/openapi} describes the public HTTP API as the code serves it, and
 * {@code docs/openapi.yaml} is that document.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class OpenApiDocumentTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final java.nio.file.Path PUBLISHED = java.nio.file.Path.of("..", "docs", "openapi.yaml");

    @TestHTTPResource("/q/openapi")
    URI openapi;

    @Test
    void everyPublicResourceMethodIsDocumentedUnderItsPathAndVerb() throws Exception {
        JsonNode paths = json().path("paths");
        List<Endpoint> endpoints = publicEndpoints();
        assertThat(endpoints).hasSizeGreaterThan(15);
        for (Endpoint e : endpoints) {
            assertThat(paths.path(e.path()).has(e.verb())).as(e.toString()).isTrue();
        }
        List<String> documented = new ArrayList<>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(v -> documented.add(v + " "
                + p.getKey())));
        assertThat(documented).hasSameSizeAs(endpoints);
    }

    @Test
    void everyOperationIsTheOneDocsProtocolMdDescribesUnderItsHeading() throws Exception {
        JsonNode paths = json().path("paths");
        Matcher heading = Pattern.compile("(?m)^#{3,4} `(GET|PUT|POST|DELETE) ([^`?]+)[^`]*` — (.+)$")
                .matcher(Files.readString(java.nio.file.Path.of("..", "docs", "protocol.md")));
        int headings = 0;
        while (heading.find()) {
            headings++;
            JsonNode op = paths.path(heading.group(2)).path(heading.group(1).toLowerCase(Locale.ROOT));
            assertThat(op.path("summary").asText()).as(heading.group()).isEqualTo(heading.group(3).strip());
        }
        assertThat(headings).isEqualTo(publicEndpoints().size());
    }

    @Test
    void exactlyTheCallsThatReadTheAuthorizationHeaderRequireTheBearerScheme() throws Exception {
        JsonNode doc = json();
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        for (Endpoint e : publicEndpoints()) {
            boolean readsHeader = Arrays.stream(e.method().getParameters()).anyMatch(p ->
                    p.getAnnotation(HeaderParam.class) != null
                    && p.getAnnotation(HeaderParam.class).value().equals(HttpHeaders.AUTHORIZATION));
            JsonNode security = doc.path("paths").path(e.path()).path(e.verb()).path("security");
            assertThat(security.path(0).has("bearer")).as(e.toString()).isEqualTo(readsHeader);
        }
    }

    @Test
    void thePrivateApiOfTheBrokersIsNotPublished() throws Exception {
        json().path("paths").fieldNames().forEachRemaining(p -> assertThat(p).doesNotStartWith("/internal"));
    }

    @Test
    void everyRequestBodyIsDescribedByItsRecordNotAsAString() throws Exception {
        JsonNode doc = json();
        List<String> bodies = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode schema = op.getValue().at("/requestBody/content/application~1json/schema");
            if (!schema.isMissingNode()) {
                bodies.add(op.getKey() + " " + path.getKey());
                assertThat(schema.path("$ref").asText()).as(op.getKey() + " " + path.getKey())
                        .startsWith("#/components/schemas/");
            }
        }));
        assertThat(bodies).contains("post /v1/accounts", "put /v1/keys", "post /v1/attachments");
        assertThat(doc.at("/components/schemas/RegisterAccountRequest/properties/handle/type").asText())
                .isEqualTo("string");
    }

    @Test
    void everyOperationAnswersErrorsWithTheApiErrorOfEveryCode() throws Exception {
        JsonNode doc = json();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                assertThat(op.getValue().at("/responses/default/content/application~1json/schema/$ref").asText())
                        .as(op.getKey() + " " + path.getKey()).isEqualTo("#/components/schemas/ApiError")));
        List<String> codes = new ArrayList<>();
        doc.at("/components/schemas/ApiError/properties/code/enum").forEach(c -> codes.add(c.asText()));
        assertThat(codes).containsExactlyInAnyOrder(Arrays.stream(ErrorCode.values()).map(Enum::name)
                .toArray(String[]::new));
    }

    @Test
    void docsOpenapiYamlIsTheDocumentTheCodeServes() throws Exception {
        String served = get(openapi.toString());
        String published = Files.exists(PUBLISHED) ? Files.readString(PUBLISHED, StandardCharsets.UTF_8) : "";
        if (!served.equals(published)) {
            java.nio.file.Path fresh = java.nio.file.Path.of("target", "openapi.yaml");
            Files.writeString(fresh, served, StandardCharsets.UTF_8);
            assertThat(published).as("docs/openapi.yaml is stale: the code serves functions/" + fresh
                    + "; review it and copy it to docs/openapi.yaml").isEqualTo(served);
        }
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(get(openapi + "?format=json"));
    }

    private static String get(String uri) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private record Endpoint(String verb, String path, Method method) {
        @Override
        public String toString() {
            return verb + " " + path;
        }
    }

    /** Every resource method of the public API, read from the compiled resources. */
    private static List<Endpoint> publicEndpoints() throws IOException {
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
        List<Endpoint> endpoints = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("chat/functions"))) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = load(name);
                Path root = type == null ? null : type.getAnnotation(Path.class);
                if (root == null || type == InternalResource.class) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    String verb = verb(m);
                    if (verb != null) {
                        Path sub = m.getAnnotation(Path.class);
                        String path = (root.value() + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                        endpoints.add(new Endpoint(verb, path.length() > 1 ? path.replaceAll("/$", "") : path, m));
                    }
                }
            }
        }
        return endpoints;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static String verb(Method m) {
        return Arrays.stream(m.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(h -> h != null).map(h -> h.value().toLowerCase(Locale.ROOT)).findFirst().orElse(null);
    }
}
