import GRDB

/// The versioned schema of the SQLite engine: one `DatabaseMigrator` migration per version.
///
/// Every table carries its owner's id (`users.id`) so that a later PostgreSQL engine can
/// distribute rows by owner. Migrations are append-only: never edit a registered one.
enum SQLiteSchema {
    /// The identifiers of the migrations, in order; the count is the schema version.
    static let migrationIdentifiers = [
        "v1-initial", "v2-usage", "v3-crm", "v4-links", "v5-perf", "v6-ops", "v7-connector",
        "v8-ops-sync-retention",
        "v9-conn",
        "v10-carddav",
        "v11-push",
        "v12-sharing",
        "v13-proxy",
    ]

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
        // The CRM (issue 5): contacts with their lookup keys, the task projection of calendar
        // objects, the trash, routing, and the user, collection and credential columns it needs.
        // `*_key` and `search` columns hold the engine-neutral keys of `CRMSearch`.
        migrator.registerMigration(migrationIdentifiers[2]) { db in
            try db.execute(
                sql: """
                    ALTER TABLE collections ADD COLUMN default_task_type TEXT;
                    ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE app_passwords ADD COLUMN kind TEXT NOT NULL DEFAULT 'app-password';
                    CREATE TABLE contacts (
                        id TEXT PRIMARY KEY,
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        company TEXT,
                        title TEXT,
                        emails TEXT NOT NULL,
                        phones TEXT NOT NULL,
                        address TEXT,
                        notes TEXT,
                        tags TEXT NOT NULL,
                        search TEXT NOT NULL,
                        name_key TEXT NOT NULL,
                        company_key TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        revision INTEGER NOT NULL
                    );
                    CREATE INDEX contacts_owner_name ON contacts(owner_id, name_key, id);
                    CREATE INDEX contacts_owner_company ON contacts(owner_id, company_key, id);
                    CREATE INDEX contacts_owner_created ON contacts(owner_id, created_at, id);
                    CREATE INDEX contacts_owner_updated ON contacts(owner_id, updated_at, id);
                    CREATE TABLE contact_keys (
                        owner_id INTEGER NOT NULL,
                        contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        key TEXT NOT NULL
                    );
                    CREATE INDEX contact_keys_lookup ON contact_keys(owner_id, kind, key);
                    CREATE INDEX contact_keys_contact ON contact_keys(contact_id);
                    CREATE TABLE tasks (
                        id TEXT PRIMARY KEY,
                        owner_id INTEGER NOT NULL,
                        collection_id INTEGER NOT NULL
                            REFERENCES collections(id) ON DELETE CASCADE,
                        object_name TEXT NOT NULL,
                        type TEXT NOT NULL,
                        status TEXT NOT NULL,
                        title TEXT NOT NULL,
                        title_key TEXT NOT NULL,
                        search TEXT NOT NULL,
                        due INTEGER,
                        start INTEGER,
                        contact_id TEXT,
                        assignee TEXT,
                        fields TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        UNIQUE (collection_id, object_name)
                    );
                    CREATE INDEX tasks_owner_due ON tasks(owner_id, due, id);
                    CREATE INDEX tasks_owner_contact ON tasks(owner_id, contact_id);
                    CREATE INDEX tasks_owner_status ON tasks(owner_id, status);
                    CREATE TABLE trash (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        collection_id INTEGER NOT NULL,
                        collection_path TEXT NOT NULL,
                        name TEXT NOT NULL,
                        content_type TEXT NOT NULL,
                        data BLOB NOT NULL,
                        component_type TEXT,
                        uid TEXT,
                        first_start INTEGER,
                        last_end INTEGER,
                        task_id TEXT,
                        task_fields TEXT,
                        deleted_at INTEGER NOT NULL
                    );
                    CREATE INDEX trash_owner ON trash(owner_id, deleted_at);
                    CREATE INDEX trash_deleted ON trash(deleted_at);
                    CREATE TABLE task_routes (
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        type TEXT NOT NULL,
                        collection_id INTEGER NOT NULL
                            REFERENCES collections(id) ON DELETE CASCADE,
                        PRIMARY KEY (owner_id, type)
                    );
                    """)
        }
        // Subscription links (issue 6): secret read-only URLs of calendars, by token hash.
        migrator.registerMigration(migrationIdentifiers[3]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE subscription_links (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        collection_id INTEGER NOT NULL
                            REFERENCES collections(id) ON DELETE CASCADE,
                        token_hash TEXT NOT NULL UNIQUE,
                        label TEXT NOT NULL,
                        mode TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_fetched_at INTEGER
                    );
                    CREATE INDEX subscription_links_owner ON subscription_links(owner_id);
                    CREATE INDEX subscription_links_collection
                        ON subscription_links(collection_id);
                    """)
        }
        // Every instance of an object, when known exactly (`ObjectIndex.exactInstances`, as
        // `ObjectInstance.encode`); rows written before stay NULL and are evaluated by parsing.
        migrator.registerMigration(migrationIdentifiers[4]) { db in
            try db.execute(sql: "ALTER TABLE objects ADD COLUMN instances BLOB")
        }
        // Operations (issue 7): the sync log, failed sign-ins and known addresses. No foreign key
        // to users, so that the log of a deleted user stays until the retention purges it.
        migrator.registerMigration(migrationIdentifiers[5]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_log (
                        id INTEGER PRIMARY KEY,
                        time INTEGER NOT NULL,
                        owner_id INTEGER NOT NULL,
                        user_name TEXT NOT NULL,
                        client TEXT NOT NULL,
                        action TEXT NOT NULL,
                        collection_path TEXT NOT NULL,
                        object_name TEXT,
                        task_id TEXT,
                        destination TEXT,
                        status INTEGER NOT NULL
                    );
                    CREATE INDEX sync_log_time ON sync_log(time);
                    CREATE INDEX sync_log_user_time ON sync_log(user_name, time);
                    CREATE TABLE auth_failures (
                        key TEXT PRIMARY KEY,
                        window_start INTEGER NOT NULL,
                        count INTEGER NOT NULL
                    );
                    CREATE INDEX auth_failures_window ON auth_failures(window_start);
                    CREATE TABLE known_addresses (
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        address TEXT NOT NULL,
                        last_seen INTEGER NOT NULL,
                        PRIMARY KEY (owner_id, address)
                    );
                    """)
        }
        // Sync connectors (issue 6): configuration, per-object state and log.
        migrator.registerMigration(migrationIdentifiers[6]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE connectors (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        collection_id INTEGER NOT NULL,
                        remote_url TEXT NOT NULL,
                        user_name TEXT NOT NULL,
                        sealed_password BLOB NOT NULL,
                        direction TEXT NOT NULL,
                        policy TEXT NOT NULL,
                        interval INTEGER NOT NULL,
                        local_token INTEGER NOT NULL,
                        remote_sync_token TEXT,
                        remote_ctag TEXT,
                        last_sync_at INTEGER,
                        last_error TEXT,
                        failures INTEGER NOT NULL,
                        pushed INTEGER NOT NULL,
                        pulled INTEGER NOT NULL,
                        deleted INTEGER NOT NULL,
                        conflicts INTEGER NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX connectors_owner ON connectors(owner_id);
                    CREATE TABLE connector_states (
                        connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
                        local_name TEXT NOT NULL,
                        local_etag TEXT NOT NULL,
                        remote_href TEXT NOT NULL,
                        remote_etag TEXT NOT NULL,
                        PRIMARY KEY (connector_id, local_name)
                    );
                    CREATE TABLE connector_log (
                        id INTEGER PRIMARY KEY,
                        connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
                        at INTEGER NOT NULL,
                        action TEXT NOT NULL,
                        object TEXT NOT NULL,
                        detail TEXT NOT NULL
                    );
                    CREATE INDEX connector_log_connector ON connector_log(connector_id, id);
                    """)
        }
        // Change-log retention (issue 7): tokens noted with their time, and each collection's
        // horizon, the oldest token a sync may start from.
        migrator.registerMigration(migrationIdentifiers[7]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_checkpoints (
                        collection_id INTEGER NOT NULL
                            REFERENCES collections(id) ON DELETE CASCADE,
                        owner_id INTEGER NOT NULL,
                        taken_at INTEGER NOT NULL,
                        token INTEGER NOT NULL,
                        PRIMARY KEY (collection_id, taken_at)
                    );
                    CREATE TABLE sync_horizons (
                        collection_id INTEGER PRIMARY KEY
                            REFERENCES collections(id) ON DELETE CASCADE,
                        owner_id INTEGER NOT NULL,
                        token INTEGER NOT NULL
                    );
                    """)
        }
        // Connector editing (issue 6): enabled flag, per-connector CA file, a remote's long
        // Retry-After, the last success for the lag metric, the URL the sync state is for.
        migrator.registerMigration(migrationIdentifiers[8]) { db in
            try db.execute(
                sql: """
                    ALTER TABLE connectors ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE connectors ADD COLUMN trusted_ca_file TEXT;
                    ALTER TABLE connectors ADD COLUMN retry_not_before INTEGER;
                    ALTER TABLE connectors ADD COLUMN last_success_at INTEGER;
                    ALTER TABLE connectors ADD COLUMN synced_url TEXT;
                    """)
        }
        // CardDAV (issue 10): the card each CRM contact is projected from (`ObjectWrite.contact`).
        migrator.registerMigration(migrationIdentifiers[9]) { db in
            try db.execute(
                sql: """
                    ALTER TABLE contacts ADD COLUMN card_collection_id INTEGER;
                    ALTER TABLE contacts ADD COLUMN card_name TEXT;
                    CREATE INDEX contacts_card ON contacts(card_collection_id, card_name);
                    """)
        }
        // WebDAV-Push registrations (issue 11); `collection_id` is NULL for a home.
        migrator.registerMigration(migrationIdentifiers[10]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE push_registrations (
                        id INTEGER PRIMARY KEY,
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        collection_id INTEGER REFERENCES collections(id) ON DELETE CASCADE,
                        topic TEXT NOT NULL,
                        push_resource TEXT NOT NULL,
                        public_key TEXT NOT NULL,
                        auth_secret TEXT NOT NULL,
                        content_encoding TEXT NOT NULL,
                        content_update TEXT,
                        property_update TEXT,
                        expires_at INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        UNIQUE (owner_id, topic, push_resource)
                    );
                    CREATE INDEX push_registrations_topic ON push_registrations(topic, expires_at);
                    CREATE INDEX push_registrations_expiry ON push_registrations(expires_at);
                    CREATE INDEX push_registrations_collection
                        ON push_registrations(collection_id);
                    """)
        }
        // Sharing (issue 13): teams and their members, calendars shared with a user or a team
        // (exactly one of `sharee_id`, `team_id`), and sharees' own views of them.
        migrator.registerMigration(migrationIdentifiers[11]) { db in
            try db.execute(sql: SQLiteSchema.sharingTables)
        }
        // Delegation (issue 13): calendar-proxy-read/-write grants between users.
        migrator.registerMigration(migrationIdentifiers[12]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE proxy_grants (
                        owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        delegate_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        access TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (owner_id, delegate_id)
                    );
                    CREATE INDEX proxy_grants_delegate ON proxy_grants(delegate_id);
                    """)
        }
        return migrator
    }

    /// The tables of `v12-sharing`.
    static let sharingTables = """
        CREATE TABLE teams (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE team_members (
            team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            access TEXT NOT NULL,
            PRIMARY KEY (team_id, user_id)
        );
        CREATE INDEX team_members_user ON team_members(user_id);
        CREATE TABLE shares (
            id INTEGER PRIMARY KEY,
            owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            sharee_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
            team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
            access TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            UNIQUE (collection_id, sharee_id),
            UNIQUE (collection_id, team_id)
        );
        CREATE INDEX shares_sharee ON shares(sharee_id);
        CREATE INDEX shares_team ON shares(team_id);
        CREATE INDEX shares_owner ON shares(owner_id);
        CREATE TABLE share_views (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            display_name TEXT,
            color TEXT,
            sort_order INTEGER,
            PRIMARY KEY (user_id, collection_id)
        );
        CREATE INDEX share_views_collection ON share_views(collection_id);
        """
}
