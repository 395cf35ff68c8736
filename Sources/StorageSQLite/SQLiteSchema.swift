import GRDB

/// The versioned schema of the SQLite engine: one `DatabaseMigrator` migration per version.
///
/// Every table carries its owner's id (`users.id`) so that a later PostgreSQL engine can
/// distribute rows by owner. Migrations are append-only: never edit a registered one.
enum SQLiteSchema {
    /// The identifiers of the migrations, in order; the count is the schema version.
    static let migrationIdentifiers = ["v1-initial", "v2-usage", "v4-perf"]

    /// The migrator that brings a database to the current schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(migrationIdentifiers[0]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        email TEXT NOT NULL,
                        display_name TEXT NOT NULL,
                        password_hash TEXT NOT NULL,
                        credential_version INTEGER NOT NULL,
                        password_changed_at INTEGER NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE app_passwords (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        label TEXT NOT NULL,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL,
                        last_used_at INTEGER
                    );
                    CREATE INDEX app_passwords_owner ON app_passwords(owner_id);
                    CREATE TABLE collections (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        path TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        display_name TEXT,
                        calendar_description TEXT,
                        color TEXT,
                        sort_order INTEGER,
                        time_zone TEXT,
                        supported_components TEXT NOT NULL,
                        sync_token INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        modified_at INTEGER NOT NULL,
                        UNIQUE (owner_id, path)
                    );
                    CREATE TABLE objects (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL,
                        collection_id INTEGER NOT NULL
                            REFERENCES collections(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        etag TEXT NOT NULL,
                        content_type TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        data BLOB NOT NULL,
                        component_type TEXT,
                        uid TEXT,
                        first_start INTEGER,
                        last_end INTEGER,
                        modified_at INTEGER NOT NULL,
                        UNIQUE (collection_id, name)
                    );
                    CREATE INDEX objects_uid ON objects(collection_id, uid);
                    CREATE INDEX objects_time_range
                        ON objects(collection_id, component_type, first_start, last_end);
                    CREATE TABLE changes (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL,
                        collection_id INTEGER NOT NULL
                            REFERENCES collections(id) ON DELETE CASCADE,
                        token INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL
                    );
                    CREATE INDEX changes_token ON changes(collection_id, token);
                    CREATE TABLE dead_properties (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        path TEXT NOT NULL,
                        namespace TEXT NOT NULL,
                        name TEXT NOT NULL,
                        value TEXT NOT NULL,
                        UNIQUE (owner_id, path, namespace, name)
                    );
                    """)
        }
        // Quotas sum object sizes per owner: an index that covers the sum.
        migrator.registerMigration(migrationIdentifiers[1]) { db in
            try db.execute(sql: "CREATE INDEX objects_owner_size ON objects(owner_id, size)")
        }
        // Every instance of an object, when known exactly (`ObjectIndex.exactInstances`, as
        // `ObjectInstance.encode`); rows written before stay NULL and are evaluated by parsing.
        migrator.registerMigration("v4-perf") { db in
            try db.execute(sql: "ALTER TABLE objects ADD COLUMN instances BLOB")
        }
        return migrator
    }
}
