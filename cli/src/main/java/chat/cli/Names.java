package chat.cli;

import chat.client.ChatHttpApi;
import chat.model.Ids;
import chat.model.api.UserList;
import chat.model.api.UserView;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handles and display names for the user ids that frames carry, so output names people: looked up with
 * {@code GET /v1/users?ids=} (100 at a time) and cached in a file beside the profile, so each person is looked up once
 * per profile, not once per command. A lookup that fails leaves the id shown as it is: names are a courtesy, never a
 * reason for a command to fail. (Helper C's SQLite store has a contacts table this cache can move to.)
 */
final class Names {
    /** What is known of a person. */
    record Person(String handle, String displayName) {
    }

    private static final ObjectMapper MAPPER = FrameCodec.mapper();
    private static final TypeReference<Map<String, Person>> FILE = new TypeReference<>() { };

    private final Path file;
    private final ChatHttpApi api;
    private final String bearer;
    private final Map<String, Person> known = new ConcurrentHashMap<>();
    /** Ids asked for in this run that named nobody (or when the lookup failed): not asked again. */
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();

    Names(Path file, ChatHttpApi api, String bearer, Profile profile) {
        this.file = file;
        this.api = api;
        this.bearer = bearer;
        profile.contacts().forEach((id, handle) -> known.put(id, new Person(handle, null))); // older profiles
        known.putAll(read(file));
        if (profile.handle() != null) {
            known.putIfAbsent(profile.userId(), new Person(profile.handle(), null));
        }
    }

    /** Remembers a person met otherwise (a lookup by handle). */
    void learn(UserView user) {
        Person p = new Person(user.handle(), user.displayName());
        if (!p.equals(known.put(user.userId(), p))) {
            save(Map.of(user.userId(), p));
        }
    }

    /** Looks up, in as few requests as possible, the ids that are not known yet. */
    void resolve(Collection<String> userIds) {
        List<String> missing = userIds.stream().filter(id -> id != null && Ids.USER_ID.matcher(id).matches())
                .filter(id -> !complete(id) && !unknown.contains(id)).distinct().toList();
        Map<String, Person> found = new TreeMap<>();
        for (int from = 0; from < missing.size(); from += UserList.MAX_IDS) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + UserList.MAX_IDS));
            try {
                for (UserView u : api.users(chunk, bearer).users()) {
                    found.put(u.userId(), new Person(u.handle(), u.displayName()));
                }
            } catch (RuntimeException e) {
                // Unreachable, or a server without the lookup: ids are shown as they are.
            }
        }
        known.putAll(found);
        missing.stream().filter(id -> !found.containsKey(id)).forEach(unknown::add);
        if (!found.isEmpty()) {
            save(found);
        }
    }

    /** {@code @bob}, or the id when nobody is known by it. */
    String handle(String userId) {
        Person p = person(userId);
        return p == null ? String.valueOf(userId) : "@" + p.handle();
    }

    /** {@code Bob (@bob)}: how a message names its sender. */
    String sender(String userId) {
        Person p = person(userId);
        if (p == null) {
            return String.valueOf(userId);
        }
        return p.displayName() == null ? "@" + p.handle()
                : MessagePrinter.safe(p.displayName()) + " (@" + p.handle() + ")";
    }

    /** {@code @bob (Bob)}: how a list names a person. */
    String peer(String userId) {
        Person p = person(userId);
        if (p == null) {
            return String.valueOf(userId);
        }
        return "@" + p.handle() + (p.displayName() == null ? "" : " (" + MessagePrinter.safe(p.displayName()) + ")");
    }

    private Person person(String userId) {
        if (userId == null) {
            return null;
        }
        if (!complete(userId)) {
            resolve(List.of(userId));
        }
        return known.get(userId);
    }

    private boolean complete(String userId) {
        Person p = known.get(userId);
        return p != null && p.displayName() != null;
    }

    private static Map<String, Person> read(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            Map<String, Person> m = MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), FILE);
            return m == null ? Map.of() : m;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // a damaged cache is only a cache: it is rebuilt
        }
    }

    /** Merges with what another command may have written meanwhile, then writes. */
    private synchronized void save(Map<String, Person> learned) {
        Map<String, Person> all = new TreeMap<>(read(file));
        all.putAll(learned);
        try {
            PrivateFiles.write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n");
        } catch (IOException | RuntimeException e) {
            // not writable: names are looked up again next time
        }
    }
}
