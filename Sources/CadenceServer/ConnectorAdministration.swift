import Foundation
import Storage
import SyncConnector
import WebDAV

/// The `cadence sync …` commands: configure, list, run and remove sync connectors (issue 6).
public struct ConnectorAdministration: Sendable {
    let store: any ConnectorBackingStore
    let runner: SyncRunner

    /// Administration over the store in `dataDirectory`; `nil` when the engine has no connector
    /// tables.
    public init?(
        store: any CadenceStore, dataDirectory: String, environment: [String: String],
        trustedCAFile: String? = nil
    ) {
        guard let store = store as? any ConnectorBackingStore else { return nil }
        self.store = store
        runner = SyncRunner(
            store: store, dataDirectory: dataDirectory, environment: environment,
            trustedCAFile: trustedCAFile)
    }

    /// Administration over `store` sharing `runner` (the server's, with its HTTP client).
    public init(store: any ConnectorBackingStore, runner: SyncRunner) {
        self.store = store
        self.runner = runner
    }

    /// The owner's connectors.
    public func connectors(ownerID: Int64) async throws -> [ConnectorRecord] {
        try await store.connectors(ownerID: ownerID)
    }

    /// One connector, or `nil`.
    public func connector(id: Int64) async throws -> ConnectorRecord? {
        try await store.connector(id: id)
    }

    /// Adds a connector from `user`'s calendar `calendar` to the collection at `url`.
    public func add(
        user name: String, calendar path: String, url: String, remoteUser: String,
        password: String, direction: String, policy: String, interval: Int64
    ) async throws -> Int64 {
        guard let direction = ConnectorDirection(rawValue: direction) else {
            throw Administration.Failure(
                description: "direction must be one of "
                    + ConnectorDirection.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let policy = ConflictPolicy(rawValue: policy) else {
            throw Administration.Failure(
                description: "policy must be one of "
                    + ConflictPolicy.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let user = try await store.user(named: name) else {
            throw Administration.Failure(description: "no user \(name)")
        }
        guard let calendar = try await store.collection(ownerID: user.id, path: path),
            calendar.kind == .calendar
        else { throw Administration.Failure(description: "no calendar \(path) for \(name)") }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw Administration.Failure(description: "the remote URL must be http(s)")
        }
        let sealed = try runner.secretKey().seal(password)
        return try await store.createConnector(
            NewConnector(
                ownerID: user.id, collectionID: calendar.id,
                remoteURL: url.hasSuffix("/") ? url : url + "/", userName: remoteUser,
                sealedPassword: sealed, direction: direction, policy: policy,
                interval: max(5, interval))
        ).id
    }

    /// Every connector.
    public func list() async throws -> [ConnectorRecord] {
        try await store.connectors(ownerID: nil)
    }

    /// One line per connector: id, owner, calendar, remote, direction, policy, interval.
    public func listLines() async throws -> [String] {
        var lines: [String] = []
        for connector in try await list() {
            let owner = try await store.user(id: connector.ownerID)?.name ?? "?"
            let calendar = try await store.collection(id: connector.collectionID)?.path ?? "?"
            lines.append(
                "\(connector.id)\t\(owner)/\(calendar)\t\(connector.remoteURL)\t\(connector.userName)\t"
                    + "\(connector.direction.rawValue)\t\(connector.policy.rawValue)\t\(connector.interval)s"
            )
        }
        return lines
    }

    /// The status of connector `id` (or of every connector): last sync, last error, failures,
    /// counts, and the newest log lines.
    public func statusLines(id: Int64?, logLines: Int = 10) async throws -> [String] {
        var connectors = try await list()
        if let id { connectors = connectors.filter { $0.id == id } }
        if let id, connectors.isEmpty {
            throw Administration.Failure(description: "no connector \(id)")
        }
        var lines: [String] = []
        for connector in connectors {
            let last = connector.lastSyncAt.map { HTTPDate.iso8601($0) } ?? "never"
            let counts = connector.counts
            lines.append(
                "connector \(connector.id): last sync \(last), "
                    + (connector.lastError.map {
                        "last error: \($0), failures \(connector.failures)"
                    }
                        ?? "ok")
                    + "; pushed \(counts.pushed), pulled \(counts.pulled), deleted \(counts.deleted), "
                    + "conflicts \(counts.conflicts)")
            for entry in try await log(id: connector.id, limit: logLines) {
                lines.append(
                    "  \(HTTPDate.iso8601(entry.at)) \(entry.action) \(entry.object) \(entry.detail)"
                )
            }
        }
        return lines
    }

    /// Runs connector `id` now, or every connector; returns one line per connector.
    public func run(id: Int64?) async throws -> [String] {
        var ids: [Int64] = []
        if let id { ids = [id] } else { ids = try await list().map(\.id) }
        var lines: [String] = []
        for id in ids {
            do {
                let report = try await runner.run(connectorID: id)
                lines.append(
                    "connector \(id): pushed \(report.pushed), pulled \(report.pulled), "
                        + "deleted \(report.deletedLocally) here and \(report.deletedRemotely) remotely, "
                        + "\(report.conflicts) conflicts, \(report.failed) failed")
            } catch {
                lines.append("connector \(id): failed: \(error.description)")
            }
        }
        return lines
    }

    /// A connector's recent sync log, newest first.
    public func log(id: Int64, limit: Int = 20) async throws -> [ConnectorLogEntry] {
        try await store.connectorLog(connectorID: id, limit: limit)
    }

    /// Removes a connector with its state and log.
    public func remove(id: Int64) async throws {
        try await store.deleteConnector(id: id)
    }

    /// Shuts the HTTP client down.
    public func shutdown() async {
        await runner.shutdown()
    }
}
