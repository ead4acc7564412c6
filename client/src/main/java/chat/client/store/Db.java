package chat.client.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one JDBC connection of a store, used by one thread at a time. Every statement and transaction holds the lock, so
 * a transaction of one thread never interleaves with statements of another. Transactions nest: only the outermost
 * commits (a sync page of many messages is one commit, not one fsync per message). SQL errors become
 * {@link LocalStoreException}s naming the file; a corrupt page says "corrupt".
 */
final class Db implements AutoCloseable {
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private int depth; // guarded by lock

    Db(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    Path file() {
        return file;
    }

    int update(String sql, Object... params) {
        return locked(() -> {
            try (PreparedStatement st = prepare(sql, params)) {
                return st.executeUpdate();
            }
        });
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return locked(() -> {
            try (PreparedStatement st = prepare(sql, params); ResultSet rs = st.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    long queryLong(String sql, Object... params) {
        return queryOne(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Runs statements without parameters (schema steps, pragmas). */
    void execute(String sql) {
        locked(() -> {
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
                return null;
            }
        });
    }

    /** Runs {@code work} in a transaction (joining the caller's, if any); an exception rolls the outermost back. */
    <T> T transaction(Supplier<T> work) {
        lock.lock();
        try {
            if (depth > 0) {
                depth++;
                try {
                    return work.get();
                } finally {
                    depth--;
                }
            }
            sql(() -> {
                connection.setAutoCommit(false);
                return null;
            });
            depth = 1;
            boolean committed = false;
            try {
                T result = work.get();
                sql(() -> {
                    connection.commit();
                    return null;
                });
                committed = true;
                return result;
            } finally {
                depth = 0;
                if (!committed) {
                    rollbackQuietly();
                }
                sql(() -> {
                    connection.setAutoCommit(true);
                    return null;
                });
            }
        } finally {
            lock.unlock();
        }
    }

    void transaction(Runnable work) {
        transaction(() -> {
            work.run();
            return null;
        });
    }

    @Override
    public void close() {
        locked(() -> {
            connection.close();
            return null;
        });
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
        return st;
    }

    private <T> T locked(SqlWork<T> work) {
        lock.lock();
        try {
            return sql(work);
        } finally {
            lock.unlock();
        }
    }

    private <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw translate(file, e);
        }
    }

    static LocalStoreException translate(Path file, SQLException e) {
        int primary = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : -1; // extended → primary
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return new LocalStoreException(file, "corrupt: " + e.getMessage(), e);
        }
        return new LocalStoreException(file, "database error: " + e.getMessage(), e);
    }
}
