import Foundation
import Storage
import SyncConnector

/// `/connectors` and `/connectors/{id}/run`: the caller's sync connectors (issue 6).
extension CRMAPI {
    func connectorAdministration() throws -> ConnectorAdministration {
        guard let connectors else {
            throw APIProblem(.notFound, detail: "this server has no sync connectors")
        }
        return connectors
    }

    func listConnectors(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let administration = try connectorAdministration()
        var items: [JSONValue] = []
        for connector in try await administration.connectors(ownerID: owner.id) {
            items.append(try await connectorJSON(connector))
        }
        return .json(.object(["items": .array(items)]))
    }

    func createConnector(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let administration = try connectorAdministration()
        var reader = try JSONFieldReader(try request.json())
        let calendar = reader.string("calendar", required: true) ?? ""
        let url = reader.string("url", required: true) ?? ""
        let user = reader.string("user", required: true) ?? ""
        let password = reader.string("password", required: true) ?? ""
        let direction = reader.enumeration("direction", ConnectorDirection.self) ?? .twoWay
        let policy = reader.enumeration("policy", ConflictPolicy.self) ?? .newestWins
        let interval = reader.int("interval", in: 5...86_400) ?? 60
        let caFile = try Self.caFile(&reader, owner)
        try reader.finish()
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw APIProblem(.unprocessable, detail: "url must be http(s)")
        }
        guard let collection = try await store.collection(ownerID: owner.id, path: calendar),
            collection.kind == .calendar
        else { throw APIProblem(.notFound, detail: "no calendar '\(calendar)'") }
        let id = try await administration.add(
            user: owner.name, calendar: calendar, url: url, remoteUser: user, password: password,
            direction: direction.rawValue, policy: policy.rawValue, interval: Int64(interval),
            trustedCAFile: caFile)
        guard let created = try await administration.connector(id: id) else {
            throw APIProblem(.internalError, detail: "the connector vanished")
        }
        return .json(
            try await connectorJSON(created), status: .created,
            location: "\(APIRouter.prefix)/connectors/\(id)")
    }

    /// The caller's connector named by the `id` path parameter; 404 for anyone else's.
    func ownedConnector(_ request: APIRequest, _ administration: ConnectorAdministration)
        async throws -> ConnectorRecord
    {
        let owner = try request.owner
        guard let id = Int64(request.parameter("id")),
            let connector = try await administration.connector(id: id),
            connector.ownerID == owner.id
        else { throw APIProblem(.notFound, detail: "no connector \(request.parameter("id"))") }
        return connector
    }

    /// `PATCH /connectors/{id}`: a JSON merge patch (RFC 7396) of `url`, `user`, `password`,
    /// `direction`, `policy`, `interval`, `enabled` and `caFile` (`null` clears it). A new `url`
    /// resets the sync state (`SyncEngine.forgetRemote`).
    func updateConnector(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let administration = try connectorAdministration()
        let connector = try await ownedConnector(request, administration)
        var reader = try JSONFieldReader(try request.json())
        for key in ["url", "user", "password", "direction", "policy", "interval", "enabled"]
        where reader.value[key] == .null {
            reader.fail(key, "cannot be null")
        }
        var edit = ConnectorEdit()
        edit.url = reader.string("url")
        if let url = edit.url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            reader.fail("url", "must be http(s)")
        }
        edit.userName = reader.string("user")
        edit.password = reader.string("password")
        edit.direction = reader.enumeration("direction", ConnectorDirection.self)?.rawValue
        edit.policy = reader.enumeration("policy", ConflictPolicy.self)?.rawValue
        edit.interval = reader.int("interval", in: 5...86_400).map(Int64.init)
        edit.enabled = reader.bool("enabled")
        if reader.has("caFile") { edit.trustedCAFile = .some(try Self.caFile(&reader, owner)) }
        try reader.finish()
        let saved: ConnectorRecord
        do {
            saved = try await administration.edit(id: connector.id, edit)
        } catch let failure as Administration.Failure {
            throw APIProblem(.unprocessable, detail: failure.description)
        }
        return .json(try await connectorJSON(saved))
    }

    /// The `caFile` member: a path on the server, so only administrators may name one (403);
    /// 422 when it cannot be read.
    static func caFile(_ reader: inout JSONFieldReader, _ owner: UserRecord) throws(APIProblem)
        -> String?
    {
        guard let path = reader.string("caFile") else { return nil }
        guard owner.isAdmin else {
            throw APIProblem(.forbidden, detail: "only administrators name CA files")
        }
        if !FileManager.default.isReadableFile(atPath: path) {
            reader.fail("caFile", "cannot be read")
        }
        return path
    }

    /// Removes a connector with its per-object state and log; the calendar and the remote
    /// collection keep their objects.
    func deleteConnector(_ request: APIRequest) async throws -> APIResponse {
        let administration = try connectorAdministration()
        let connector = try await ownedConnector(request, administration)
        try await administration.remove(id: connector.id)
        return .noContent
    }

    func runConnector(_ request: APIRequest) async throws -> APIResponse {
        let administration = try connectorAdministration()
        let id = try await ownedConnector(request, administration).id
        do {
            let report = try await administration.runner.run(connectorID: id)
            return .json(
                .object([
                    "pushed": .int(Int64(report.pushed)), "pulled": .int(Int64(report.pulled)),
                    "deletedLocally": .int(Int64(report.deletedLocally)),
                    "deletedRemotely": .int(Int64(report.deletedRemotely)),
                    "conflicts": .int(Int64(report.conflicts)),
                    "failed": .int(Int64(report.failed)),
                ]))
        } catch {
            throw APIProblem(.unavailable, detail: "sync failed: \(error.description)")
        }
    }

    /// A connector as JSON, never with its password.
    func connectorJSON(_ connector: ConnectorRecord) async throws -> JSONValue {
        let calendar = try await store.collection(id: connector.collectionID)?.path ?? ""
        return .object([
            "id": .int(connector.id), "calendar": .string(calendar),
            "url": .string(connector.remoteURL), "user": .string(connector.userName),
            "direction": .string(connector.direction.rawValue),
            "policy": .string(connector.policy.rawValue), "interval": .int(connector.interval),
            "enabled": .bool(connector.enabled),
            "caFile": connector.trustedCAFile.map { .string($0) } ?? .null,
            "lastSuccessAt": connector.lastSuccessAt.map { .string(APITime.timestamp($0)) }
                ?? .null,
            "retryNotBefore": connector.retryNotBefore.map { .string(APITime.timestamp($0)) }
                ?? .null,
            "lastSyncAt": connector.lastSyncAt.map { .string(APITime.timestamp($0)) } ?? .null,
            "lastError": connector.lastError.map { .string($0) } ?? .null,
            "failures": .int(Int64(connector.failures)),
            "pushed": .int(Int64(connector.counts.pushed)),
            "pulled": .int(Int64(connector.counts.pulled)),
            "deleted": .int(Int64(connector.counts.deleted)),
            "conflicts": .int(Int64(connector.counts.conflicts)),
        ])
    }
}
