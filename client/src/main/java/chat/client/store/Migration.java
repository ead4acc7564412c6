package chat.client.store;

import java.util.List;

/**
 * One schema step: the statements that take a store from {@code version - 1} to {@code version}. Applied in one
 * transaction together with the new {@code user_version}, so a store is always at exactly one version. A released
 * step is never edited: change the schema with a new step.
 */
record Migration(int version, String why, List<String> statements) {
    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
        statements = List.copyOf(statements);
    }
}
