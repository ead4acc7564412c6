package chat.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Small helpers to walk a synthesized template (as plain Java maps). */
final class Cfn {
    private Cfn() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (o == null) {
            return List.of();
        }
        return o instanceof List<?> l ? (List<Object>) l : List.of(o);
    }

    static Map<String, Object> props(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    /** Logical id → resource, for one type. */
    static Map<String, Map<String, Object>> ofType(Synth.Result r, String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        r.resources().forEach((id, res) -> {
            if (type.equals(res.get("Type"))) {
                out.put(id, res);
            }
        });
        return out;
    }

    /** The one resource of {@code type} whose property {@code key} equals {@code value}; its logical id. */
    static String idWhere(Synth.Result r, String type, String key, Object value) {
        List<String> ids = ofType(r, type).entrySet().stream()
                .filter(e -> Objects.equals(props(e.getValue()).get(key), value))
                .map(Map.Entry::getKey)
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " with " + key + "=" + value + ", found " + ids);
        }
        return ids.get(0);
    }

    static Map<String, Object> resource(Synth.Result r, String logicalId) {
        Map<String, Object> res = r.resources().get(logicalId);
        if (res == null) {
            throw new AssertionError("no resource " + logicalId);
        }
        return res;
    }

    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    /** The logical id a {"Ref": id} or {"Fn::GetAtt": [id, attr]} points at, else null. */
    static String target(Object value) {
        Map<String, Object> m = value instanceof Map<?, ?> ? map(value) : Map.of();
        if (m.containsKey("Ref")) {
            return (String) m.get("Ref");
        }
        if (m.containsKey("Fn::GetAtt")) {
            return (String) list(m.get("Fn::GetAtt")).get(0);
        }
        return null;
    }

    // ---- IAM -------------------------------------------------------------------------------------------------

    /** The role a Lambda function (by name) runs with. */
    static String functionRole(Synth.Result r, String functionName) {
        String fn = idWhere(r, "AWS::Lambda::Function", "FunctionName", functionName);
        return target(props(resource(r, fn)).get("Role"));
    }

    /** Every statement of every policy attached to {@code roleId} (inline in the role or AWS::IAM::Policy). */
    static List<Map<String, Object>> statements(Synth.Result r, String roleId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object p : list(props(resource(r, roleId)).get("Policies"))) {
            list(map(map(p).get("PolicyDocument")).get("Statement")).forEach(s -> out.add(map(s)));
        }
        for (Map<String, Object> policy : ofType(r, "AWS::IAM::Policy").values()) {
            boolean attached = list(props(policy).get("Roles")).stream().anyMatch(x -> roleId.equals(target(x)));
            if (attached) {
                list(map(props(policy).get("PolicyDocument")).get("Statement")).forEach(s -> out.add(map(s)));
            }
        }
        return out;
    }

    /** Every statement of every identity policy in the template. */
    static List<Map<String, Object>> allIdentityStatements(Synth.Result r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> role : ofType(r, "AWS::IAM::Role").values()) {
            for (Object p : list(props(role).get("Policies"))) {
                list(map(map(p).get("PolicyDocument")).get("Statement")).forEach(s -> out.add(map(s)));
            }
        }
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            for (Map<String, Object> policy : ofType(r, type).values()) {
                list(map(props(policy).get("PolicyDocument")).get("Statement")).forEach(s -> out.add(map(s)));
            }
        }
        return out;
    }

    /**
     * What a role may do, as "resource → allowed actions", resources named readably: {@code table:<name>},
     * {@code table:<name>/index/*}, {@code queue:<name>}, {@code bucket:<name>} (objects: {@code bucket:<name>/a/*}),
     * {@code secret:<logical id>}, {@code logs:<name>}, or the raw value.
     */
    static Map<String, Set<String>> permissions(Synth.Result r, String roleId) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Map<String, Object> s : statements(r, roleId)) {
            if (!"Allow".equals(s.get("Effect"))) {
                continue;
            }
            for (Object res : list(s.get("Resource"))) {
                Set<String> actions = out.computeIfAbsent(describe(r, res), k -> new TreeSet<>());
                list(s.get("Action")).forEach(a -> actions.add((String) a));
            }
        }
        return out;
    }

    static String describe(Synth.Result r, Object resource) {
        if (resource instanceof String s) {
            return s;
        }
        String id = target(resource);
        if (id != null && id.startsWith("AWS::")) {
            return "${" + id + "}";
        }
        if (id != null) {
            Map<String, Object> res = resource(r, id);
            Map<String, Object> p = props(res);
            return switch ((String) res.get("Type")) {
                case "AWS::DynamoDB::Table" -> "table:" + p.get("TableName");
                case "AWS::SQS::Queue" -> "queue:" + p.get("QueueName");
                case "AWS::SecretsManager::Secret" -> "secret:" + id;
                case "AWS::Logs::LogGroup" -> "logs:" + p.get("LogGroupName");
                case "AWS::S3::Bucket" -> "bucket:" + p.get("BucketName");
                default -> res.get("Type") + ":" + id;
            };
        }
        Map<String, Object> m = map(resource);
        if (m.containsKey("Fn::Join")) {
            List<Object> parts = list(list(m.get("Fn::Join")).get(1));
            StringBuilder sb = new StringBuilder();
            for (Object part : parts) {
                sb.append(part instanceof String s ? s : target(part) != null ? describe(r, part) : part.toString());
            }
            return sb.toString();
        }
        return resource.toString();
    }
}
