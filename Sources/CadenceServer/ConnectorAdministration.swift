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

    /// Adds a connector from `user`'s calendar `calendar` to the collection at `url`, trusting
    /// `trustedCAFile` (PEM) for it when given.
    public func add(
        user name: String, calendar path: String, url: String, remoteUser: String,
        password: String, direction: String, policy: String, interval: Int64,
        trustedCAFile: String? = nil
    ) async throws -> Int64 {
        let direction = try Self.direction(direction)
        let policy = try Self.policy(policy)
        let caFile = try Self.caFile(trustedCAFile)
        guard let user = try await store.user(named: name) else {
            throw Administration.Failure(description: "no user \(name)")
        }
        guard let calendar = try await store.collection(ownerID: user.id, path: path),
            calendar.kind == .calendar
        else { throw Administration.Failure(description: "no calendar \(path) for \(name)") }
        let remoteURL = try Self.remoteURL(url)
        let sealed = try runner.secretKey().seal(password)
        return try await store.createConnector(
            NewConnector(
                ownerID: user.id, collectionID: calendar.id, remoteURL: remoteURL,
                userName: remoteUser, sealedPassword: sealed, direction: direction,
                policy: policy, interval: max(5, interval), trustedCAFile: caFile)
        ).id
    }

    /// Applies `edit` to connector `id` and returns it as stored. A new remote URL resets the
    /// sync state (`SyncEngine.forgetRemote`: nothing is deleted, the next run is a first sync);
    /// new credentials, URL or CA file clear the failure count, so it is tried again on its
    /// interval.
    @discardableResult
    public func edit(id: Int64, _ edit: ConnectorEdit) async throws -> ConnectorRecord {
        guard var connector = try await store.connector(id: id) else {
            throw Administration.Failure(description: "no connector \(id)")
        }
        let oldURL = connector.remoteURL
        if let url = edit.url { connector.remoteURL = try Self.remoteURL(url) }
        if let userName = edit.userName { connector.userName = userName }
        if let password = edit.password {
            connector.sealedPassword = try runner.secretKey().seal(password)
        }
        if let direction = edit.direction { connector.direction = try Self.direction(direction) }
        if let policy = edit.policy { connector.policy = try Self.policy(policy) }
        if let interval = edit.interval { connector.interval = max(5, interval) }
        if let enabled = edit.enabled { connector.enabled = enabled }
        if let caFile = edit.trustedCAFile { connector.trustedCAFile = try Self.caFile(caFile) }
        if edit.url != nil || edit.userName != nil || edit.password != nil
            || edit.trustedCAFile != nil
        {
            connector.failures = 0
            connector.retryNotBefore = nil
        }
        try await store.updateConnector(connector)
        if connector.remoteURL != oldURL {
            try await SyncEngine(store: store).forgetRemote(connectorID: id)
        }
        guard let saved = try await store.connector(id: id) else {
            throw Administration.Failure(description: "no connector \(id)")
        }
        return saved
    }

    static func direction(_ text: String) throws -> ConnectorDirection {
        guard let direction = ConnectorDirection(rawValue: text) else {
            throw Administration.Failure(
                description: "direction must be one of "
                    + ConnectorDirection.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return direction
    }

    static func policy(_ text: String) throws -> ConflictPolicy {
        guard let policy = ConflictPolicy(rawValue: text) else {
            throw Administration.Failure(
                description: "policy must be one of "
                    + ConflictPolicy.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return policy
    }

    /// An http(s) URL, ending in `/`.
    static func remoteURL(_ url: String) throws -> String {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw Administration.Failure(description: "the remote URL must be http(s)")
        }
        return url.hasSuffix("/") ? url : url + "/"
    }

    /// A readable CA file, or `nil` for none (an empty path included).
    static func caFile(_ path: String?) throws -> String? {
        guard let path, !path.isEmpty else { return nil }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw Administration.Failure(description: "cannot read the CA file \(path)")
        }
        return path
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
                    + (connector.enabled ? "" : "\tdisabled")
                    + (connector.trustedCAFile.map { "\tca=\($0)" } ?? ""))
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
                    + "conflicts \(counts.conflicts)"
                    + (connector.enabled ? "" : "; disabled (runs on demand only)")
                    + (connector.retryNotBefore.map {
                        "; the remote asked to wait until \(HTTPDate.iso8601($0))"
                    } ?? ""))
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
