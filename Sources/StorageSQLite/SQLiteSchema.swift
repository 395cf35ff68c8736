import GRDB
import Storage

/// The SQLite engine's migrations: the steps of `StoreSchema`, in order, each a GRDB migration
/// under its name (recorded in `grdb_migrations`) running the step's SQLite script.
enum SQLiteSchema {
    /// The identifiers of the migrations, in order; the count is the schema version.
    static var migrationIdentifiers: [String] { StoreSchema.names }

    /// The migrator that brings a database to the current schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for step in StoreSchema.steps {
            let sql = step.sql(for: .sqlite)
            migrator.registerMigration(step.name) { db in
                if !sql.isEmpty { try db.execute(sql: sql) }
            }
        }
        return migrator
    }
}
