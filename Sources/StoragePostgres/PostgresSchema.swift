import Storage

/// The PostgreSQL engine's migrations: the steps of `StoreSchema`, in order, each run as its
/// PostgreSQL script in the migrating transaction and recorded by name and position in
/// `cadence_migrations` (`PostgresStore.migrate()`).
enum PostgresSchema {
    /// The identifiers of the migrations, in order; the count is the schema version.
    static var migrationIdentifiers: [String] { StoreSchema.names }
}
