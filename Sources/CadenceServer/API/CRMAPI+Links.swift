import Groupware
import HTTPTypes
import Storage

/// `/calendars/{path}/links` and `/links/{id}`: subscription links (issue 6).
extension CRMAPI {
    func listLinks(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let path = request.parameter("path")
        guard let calendar = try await store.collection(ownerID: owner.id, path: path),
            calendar.kind == .calendar
        else { throw APIProblem(.notFound, detail: "no calendar '\(path)'") }
        let links = try await store.subscriptionLinks(ownerID: owner.id)
            .filter { $0.collectionID == calendar.id }
        return .json(
            .object([
                "items": .array(links.map { Self.linkJSON($0, calendarPath: path, created: nil) })
            ]))
    }

    func createLink(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let path = request.parameter("path")
        var reader = try JSONFieldReader(request.body.isEmpty ? .object([]) : try request.json())
        let mode = reader.enumeration("mode", SubscriptionMode.self) ?? .events
        let label = reader.string("label") ?? ""
        try reader.finish()
        guard let calendar = try await store.collection(ownerID: owner.id, path: path),
            calendar.kind == .calendar
        else { throw APIProblem(.notFound, detail: "no calendar '\(path)'") }
        let created = try await SubscriptionLinks(
            store: store, publicBaseURL: publicBaseURL ?? Self.baseURL(of: request)
        ).create(owner: owner, calendarPath: calendar.path, mode: mode, label: label)
        return .json(
            Self.linkJSON(created.link, calendarPath: calendar.path, created: created),
            status: .created, location: "\(APIRouter.prefix)/links/\(created.link.id)")
    }

    func revokeLink(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        guard let id = Int64(request.parameter("id")) else {
            throw APIProblem(.notFound, detail: "no link \(request.parameter("id"))")
        }
        try await SubscriptionLinks(store: store, publicBaseURL: nil).revoke(owner: owner, id: id)
        return .noContent
    }

    /// The origin the request was sent to (`Host`, with `X-Forwarded-Proto` or `http`), for
    /// link URLs when no public base URL is configured.
    static func baseURL(of request: APIRequest) -> String? {
        guard let host = request.headers[HTTPField.Name("Host")!], !host.isEmpty else { return nil }
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        return "\(scheme == "https" ? "https" : "http")://\(host)"
    }

    static func linkJSON(
        _ link: SubscriptionLink, calendarPath: String, created: SubscriptionLinks.Created?
    ) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init(key: "id", value: .int(link.id)),
            .init(key: "calendar", value: .string(calendarPath)),
            .init(key: "mode", value: .string(link.mode.rawValue)),
            .init(key: "label", value: .string(link.label)),
            .init(key: "createdAt", value: .string(APITime.timestamp(link.createdAt))),
            .init(
                key: "lastFetchedAt",
                value: link.lastFetchedAt.map { .string(APITime.timestamp($0)) } ?? .null),
        ]
        if let created {
            members.append(.init(key: "token", value: .string(created.token)))
            members.append(.init(key: "url", value: .string(created.url)))
        }
        return .object(members)
    }
}
