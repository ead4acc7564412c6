package chat.client.store;

import java.util.List;

/**
 * The store's schema history. {@code PRAGMA user_version} holds the number of the last step applied;
 * {@code PRAGMA application_id} marks the file as a chat store, so that any other SQLite file is recognised and
 * refused. The steps are frozen SQL (a released step is never edited; the table classes' column constants must
 * match what they create, which {@code SchemaTest} checks).
 */
final class Schema {
    /** "CHAT" in ASCII: what {@code file chat.db} and the store itself recognise. */
    static final int APPLICATION_ID = 0x43484154;

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "what a device needs to resume: its messages, cursors and pending sends", List.of(
                    """
                    CREATE TABLE store_info (
                      key   TEXT PRIMARY KEY,
                      value TEXT NOT NULL
                    )""",
                    """
                    CREATE TABLE messages (
                      conversation_id  TEXT    NOT NULL,
                      seq              INTEGER NOT NULL CHECK (seq >= 1),
                      sender_user_id   TEXT    NOT NULL,
                      sender_device_id TEXT,
                      client_msg_id    TEXT,
                      body             BLOB,
                      event            TEXT,
                      server_time      INTEGER NOT NULL,
                      state            TEXT CHECK (state IN ('SENT', 'DELIVERED', 'READ')),
                      stored_at        INTEGER NOT NULL,
                      PRIMARY KEY (conversation_id, seq),
                      CHECK ((body IS NULL) <> (event IS NULL))
                    )""",
                    "CREATE INDEX messages_by_client_msg_id ON messages (sender_device_id, client_msg_id)",
                    """
                    CREATE TABLE cursors (
                      conversation_id TEXT PRIMARY KEY,
                      synced          INTEGER NOT NULL DEFAULT 0,
                      delivered       INTEGER NOT NULL DEFAULT 0,
                      read            INTEGER NOT NULL DEFAULT 0
                    )""",
                    """
                    CREATE TABLE outbox (
                      client_msg_id   TEXT PRIMARY KEY,
                      conversation_id TEXT,
                      peer            TEXT,
                      body            BLOB    NOT NULL,
                      created_at      INTEGER NOT NULL,
                      attempts        INTEGER NOT NULL DEFAULT 0,
                      state           TEXT    NOT NULL CHECK (state IN ('SENDING', 'FAILED')),
                      failure         TEXT,
                      CHECK ((conversation_id IS NULL) <> (peer IS NULL))
                    )""")),
            new Migration(2, "what the user sees besides messages: the members' receipts and contact names", List.of(
                    """
                    CREATE TABLE receipts (
                      conversation_id TEXT    NOT NULL,
                      user_id         TEXT    NOT NULL,
                      delivered       INTEGER NOT NULL,
                      read            INTEGER NOT NULL,
                      updated_at      INTEGER NOT NULL,
                      PRIMARY KEY (conversation_id, user_id)
                    )""",
                    """
                    CREATE TABLE contacts (
                      user_id      TEXT PRIMARY KEY,
                      handle       TEXT    NOT NULL,
                      display_name TEXT,
                      fetched_at   INTEGER NOT NULL
                    )""",
                    // Not unique: a deleted account's handle can be taken by a new user while the old row lingers.
                    "CREATE INDEX contacts_by_handle ON contacts (handle)")),
            new Migration(3, "the device's envelope inbox cursor: the highest inbox seq it processed", List.of(
                    """
                    CREATE TABLE inbox_cursor (
                      id        INTEGER PRIMARY KEY CHECK (id = 1),
                      processed INTEGER NOT NULL CHECK (processed >= 0)
                    )""")),
            new Migration(4, "end-to-end encryption: this device's keys, its sessions and the Sender Keys it holds",
                    List.of(
                    // Private keys live here and nowhere else: the file is 600 in a 700 directory.
                    """
                    CREATE TABLE e2ee_identity (
                      id              INTEGER PRIMARY KEY CHECK (id = 1),
                      public_key      BLOB    NOT NULL,
                      private_key     BLOB    NOT NULL,
                      registration_id INTEGER NOT NULL CHECK (registration_id BETWEEN 1 AND 16380)
                    )""",
                    """
                    CREATE TABLE e2ee_prekeys (
                      kind        TEXT    NOT NULL CHECK (kind IN ('signed', 'one-time')),
                      key_id      INTEGER NOT NULL,
                      public_key  BLOB    NOT NULL,
                      private_key BLOB    NOT NULL,
                      signature   BLOB,
                      created_at  INTEGER NOT NULL,
                      PRIMARY KEY (kind, key_id),
                      CHECK ((kind = 'signed') = (signature IS NOT NULL))
                    )""",
                    """
                    CREATE TABLE e2ee_identities (
                      user_id       TEXT PRIMARY KEY,
                      identity_key  BLOB    NOT NULL,
                      verified      INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
                      first_seen_at INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE e2ee_sessions (
                      user_id   TEXT NOT NULL,
                      device_id TEXT NOT NULL,
                      record    BLOB NOT NULL,
                      PRIMARY KEY (user_id, device_id)
                    )""",
                    """
                    CREATE TABLE e2ee_sender_keys (
                      conversation_id TEXT NOT NULL,
                      user_id         TEXT NOT NULL,
                      device_id       TEXT NOT NULL,
                      record          BLOB NOT NULL,
                      PRIMARY KEY (conversation_id, user_id, device_id)
                    )""",
                    """
                    CREATE TABLE e2ee_key_holders (
                      conversation_id TEXT    NOT NULL,
                      key_id          INTEGER NOT NULL,
                      user_id         TEXT    NOT NULL,
                      device_id       TEXT    NOT NULL,
                      PRIMARY KEY (conversation_id, key_id, user_id, device_id)
                    )""")),
            new Migration(5, "messages that wait for their sender's Sender Key, kept until it arrives or they expire",
                    List.of(
                    """
                    CREATE TABLE e2ee_waiting (
                      conversation_id  TEXT    NOT NULL,
                      seq              INTEGER NOT NULL CHECK (seq >= 1),
                      sender_user_id   TEXT    NOT NULL,
                      sender_device_id TEXT    NOT NULL,
                      client_msg_id    TEXT,
                      body             BLOB    NOT NULL,
                      server_time      INTEGER NOT NULL,
                      waiting_since    INTEGER NOT NULL,
                      PRIMARY KEY (conversation_id, seq)
                    )""",
                    "CREATE INDEX e2ee_waiting_by_sender ON e2ee_waiting (conversation_id, sender_user_id,"
                            + " sender_device_id)")),
            new Migration(6, "the provisioning key a device shows as its link code until another device approves it",
                    List.of(
                    """
                    CREATE TABLE e2ee_provisioning (
                      id          INTEGER PRIMARY KEY CHECK (id = 1),
                      public_key  BLOB    NOT NULL,
                      private_key BLOB    NOT NULL,
                      created_at  INTEGER NOT NULL
                    )""")),
            new Migration(7, "when this device first used each of its own Sender Keys: the periodic rotation's clock",
                    List.of(
                    """
                    CREATE TABLE e2ee_own_sender_keys (
                      conversation_id TEXT    NOT NULL,
                      key_id          INTEGER NOT NULL,
                      first_used_at   INTEGER NOT NULL,
                      PRIMARY KEY (conversation_id, key_id)
                    )""")),
            new Migration(8, "the newest signed device list verified per user and identity key (no rollback below"
                    + " it), and the chain position each holder of a Sender Key was given it at", List.of(
                    "ALTER TABLE e2ee_key_holders ADD COLUMN from_iteration INTEGER NOT NULL DEFAULT 0",
                    """
                    CREATE TABLE e2ee_device_lists (
                      user_id      TEXT    NOT NULL,
                      identity_key BLOB    NOT NULL,
                      version      INTEGER NOT NULL,
                      signed_list  BLOB    NOT NULL,
                      PRIMARY KEY (user_id, identity_key)
                    )""")),
            new Migration(9, "attachment uploads begun and not yet sent: the slot, the file and its keys, so that an"
                    + " upload broken off (the process ended) resumes from the parts the store has", List.of(
                    """
                    CREATE TABLE media_uploads (
                      attachment_id   TEXT    PRIMARY KEY,
                      conversation_id TEXT    NOT NULL,
                      file_path       TEXT    NOT NULL,
                      file_size       INTEGER NOT NULL,
                      file_modified   INTEGER NOT NULL,
                      media_key       BLOB    NOT NULL,
                      media_iv        BLOB    NOT NULL,
                      blob_size       INTEGER NOT NULL,
                      created_at      INTEGER NOT NULL
                    )""")));

    static final int CURRENT_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private Schema() {
    }
}
