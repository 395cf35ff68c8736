import Foundation
import Testing

/// Every fixed SQLite statement is prepared once per connection (`db.cachedStatement(sql:)`),
/// not on every call (`Row.fetchAll(db, sql: …)`). Preparing runs GRDB's authorizer over every
/// column the statement reads: the share lookup that every request on a calendar makes was
/// prepared each time, a large part of a small request's CPU (issue 4). Only
/// functions whose SQL has too many shapes to keep (filters, keysets, IN lists of any length)
/// or that run rarely (export, maintenance) may prepare per call; they are listed here.
@Suite struct StatementCacheTests {
    /// Functions of `Sources/StorageSQLite` that may prepare a fetch on every call.
    static let preparedPerCall: Set<String> = [
        "keysetPage",  // CRM listings: filters × sort orders × keyset conditions
        "tasks",  // a contact's tasks, IN list of any length
        "contacts",  // contacts by e-mail and phone keys, IN lists of any length
        "removeAssignedCopies",  // its condition is the caller's
        "exportedTables", "exportRows",  // `cadence export`
        "queryPlans",  // the query-plan test's EXPLAIN
        "pruneChangeLog",  // hourly retention
        "journalMode",  // once at start
    ]

    @Test func fixedStatementsAreCached() throws {
        let folder = LayeringTests.root.appendingPathComponent("Sources/StorageSQLite")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        var found: Set<String> = []
        for file in files {
            let text = try String(
                contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            found.formUnion(Self.functionsPreparingPerCall(in: text))
        }
        #expect(found.subtracting(Self.preparedPerCall).sorted() == [])
        // The list stays honest: a function that no longer prepares per call leaves it.
        #expect(Self.preparedPerCall.subtracting(found).sorted() == [])
    }

    @Test func scannerFindsUncachedFetches() {
        let source = """
            func cached(_ db: Database) throws {
                try Row.fetchAll(db.cachedStatement(sql: "SELECT 1"), arguments: [])
            }
            func oneLine(_ db: Database) throws {
                try Row.fetchOne(db, sql: "SELECT 1")
            }
            func split(_ db: Database) throws {
                let rows = try Row.fetchAll(
                    db,
                    sql: \"""
                        SELECT 2
                        \""")
            }
            func cursor(_ db: Database) throws { try String.fetchCursor(db, sql: text) }
            """
        #expect(Self.functionsPreparingPerCall(in: source) == ["oneLine", "split", "cursor"])
    }

    /// The names of the functions in `source` that call a GRDB fetch with `db, sql:`.
    static func functionsPreparingPerCall(in source: String) -> Set<String> {
        let fetch = try! NSRegularExpression(
            pattern: #"\.fetch(All|One|Cursor|Set)\(\s*db\s*,\s*sql:"#)
        let function = try! NSRegularExpression(pattern: #"func\s+([A-Za-z_][A-Za-z0-9_]*)"#)
        let text = source as NSString
        var names: Set<String> = []
        for match in fetch.matches(in: source, range: NSRange(location: 0, length: text.length)) {
            let before = NSRange(location: 0, length: match.range.location)
            guard let last = function.matches(in: source, range: before).last else { continue }
            names.insert(text.substring(with: last.range(at: 1)))
        }
        return names
    }
}
