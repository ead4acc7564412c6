package chat.cli;

import chat.client.ChatHttpApi;
import chat.client.store.Contact;
import chat.client.store.ContactsTable;
import chat.model.Ids;
import chat.model.api.UserList;
import chat.model.api.UserView;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handles and display names for the user ids that frames carry, so output names people: kept in the local store's
 * contacts table and looked up with {@code GET /v1/users?ids=} (100 at a time) when a person is not known yet or was
 * last looked up more than {@link #FRESH_FOR} ago (a display name can change). A lookup that fails leaves what is
 * known, however old, or the id shown as it is: names are a courtesy, never a reason for a command to fail.
 */
final class Names {
    /** How long a looked-up name is shown without asking again. */
    static final Duration FRESH_FOR = Duration.ofHours(24);

    /** What is known of a person (also the shape of the names file of earlier versions). */
    record Person(String handle, String displayName) {
    }

    private final ContactsTable contacts;
    private final ChatHttpApi api;
    private final String bearer;
    private final Clock clock;
    /** Ids looked up in this run, found or not (or the lookup failed): not asked again in this run. */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    Names(ContactsTable contacts, ChatHttpApi api, String bearer, Clock clock) {
        this.contacts = contacts;
        this.api = api;
        this.bearer = bearer;
        this.clock = clock;
    }

    /** Remembers a person met otherwise (a lookup by handle). */
    void learn(UserView user) {
        contacts.put(new Contact(user.userId(), user.handle(), user.displayName(), clock.millis()));
        asked.add(user.userId());
    }

    /** Looks up, in as few requests as possible, the ids that are unknown or stale. */
    void resolve(Collection<String> userIds) {
        List<String> due = userIds.stream().filter(id -> id != null && Ids.USER_ID.matcher(id).matches())
                .distinct().filter(id -> !asked.contains(id) && !fresh(contacts.get(id))).toList();
        Map<String, Contact> found = new TreeMap<>();
        for (int from = 0; from < due.size(); from += UserList.MAX_IDS) {
            List<String> chunk = due.subList(from, Math.min(due.size(), from + UserList.MAX_IDS));
            try {
                long now = clock.millis();
                for (UserView u : api.users(chunk, bearer).users()) {
                    found.put(u.userId(), new Contact(u.userId(), u.handle(), u.displayName(), now));
                }
            } catch (RuntimeException e) {
                // Unreachable, or a server without the lookup: what is known (or the id) is shown.
            }
        }
        asked.addAll(due);
        found.values().forEach(contacts::put);
    }

    /** {@code @bob}, or the id when nobody is known by it. */
    String handle(String userId) {
        return person(userId).map(p -> "@" + p.handle()).orElse(String.valueOf(userId));
    }

    /** {@code Bob (@bob)}: how a message names its sender. */
    String sender(String userId) {
        return person(userId).map(p -> p.displayName() == null ? "@" + p.handle()
                : MessagePrinter.safe(p.displayName()) + " (@" + p.handle() + ")").orElse(String.valueOf(userId));
    }

    /** {@code @bob (Bob)}: how a list names a person. */
    String peer(String userId) {
        return person(userId).map(p -> "@" + p.handle()
                + (p.displayName() == null ? "" : " (" + MessagePrinter.safe(p.displayName()) + ")"))
                .orElse(String.valueOf(userId));
    }

    private Optional<Contact> person(String userId) {
        if (userId == null) {
            return Optional.empty();
        }
        resolve(List.of(userId));
        return contacts.get(userId);
    }

    private boolean fresh(Optional<Contact> c) {
        return c.isPresent() && clock.millis() - c.get().fetchedAt() < FRESH_FOR.toMillis();
    }
}
