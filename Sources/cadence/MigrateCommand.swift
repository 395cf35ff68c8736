import ArgumentParser
import CadenceServer
import Foundation

/// `cadence migrate`: applies the schema migrations of the configured database explicitly
/// (issue 9). The server migrates on start too; with several instances this runs once first.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the database's missing schema migrations and list them.")
    @OptionGroup var data: DataOption

    func run() async throws {
        let result = try await CadenceService.migrate(
            databaseURL: data.databaseURL, dataDirectory: data.directory)
        if result.engine == "postgres" {
            print("applied \(result.applied.count) migration(s)", terminator: "")
            print(result.applied.isEmpty ? "" : ": " + result.applied.joined(separator: ", "))
        }
        print("\(result.engine) schema: \(result.all.joined(separator: ", "))")
    }
}

/// `cadence migrate-store --from sqlite:PATH --to postgres://…`: copies a whole installation
/// and verifies it by comparing every object's ETag (issue 9).
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract:
            "Copy a whole SQLite installation into an empty PostgreSQL database, then verify every object's ETag."
    )
    @Option(help: "The source: sqlite:PATH (the data folder).") var from: String
    @Option(help: "The target: postgres://user:password@host:port/db.") var to: String

    func run() async throws {
        guard let folder = CadenceService.sqlitePath(from) else {
            throw ValidationError("--from: expected sqlite:PATH (a data folder)")
        }
        guard to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") else {
            throw ValidationError("--to: expected postgres://user:password@host:port/db")
        }
        let report = try await StoreMigration.copy(sqliteFolder: folder, postgresURL: to)
        for (table, count) in report.rows.sorted(by: { $0.key < $1.key }) {
            print("copied \(table): \(count) row(s)")
        }
        print(
            "verified \(report.users) user(s), \(report.collections) collection(s), \(report.objects) object(s)"
        )
        guard report.mismatches.isEmpty else {
            for mismatch in report.mismatches { print("MISMATCH: \(mismatch)") }
            throw ExitCode(1)
        }
        print("every object's ETag matches")
    }
}
