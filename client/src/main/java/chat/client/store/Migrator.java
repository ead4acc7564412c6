package chat.client.store;

import java.util.List;

/**
 * Brings a store up to the newest of its steps, one transaction per step. Each step re-reads the version inside its
 * transaction (which takes the write lock at once), so two processes opening one store at the same time apply every
 * step exactly once.
 */
final class Migrator {
    private Migrator() {
    }

    /** Applies the missing steps; returns the version reached. */
    static int migrate(Db db, int applicationId, List<Migration> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration steps must be numbered 1, 2, 3, ...");
            }
        }
        for (Migration step : steps) {
            db.transaction(() -> {
                if (version(db) >= step.version()) {
                    return;
                }
                step.statements().forEach(db::execute);
                db.execute("PRAGMA application_id = " + applicationId);
                db.execute("PRAGMA user_version = " + step.version());
            });
        }
        return version(db);
    }

    static int version(Db db) {
        return (int) db.queryLong("PRAGMA user_version");
    }
}
