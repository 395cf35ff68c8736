import CRM
import Foundation
import Groupware
import HTTPTypes
import Storage

/// The CRM JSON API (`/api/v1`, issue 5): one table of routes over `CRMService` (contacts, tasks,
/// calendars, routing, trash) and the account administration (users, API tokens).
///
/// `routes` is the single source of the API's surface: `APIRouter` registers it and the OpenAPI
/// completeness test compares it with `OpenAPIDocument`.
struct CRMAPI: Sendable {
    let store: any CadenceStore
    let administration: Administration
    /// The base URL of task pages, written as a task's `URL`.
    let publicBaseURL: String?
    /// The sync log's buffer, flushed before `GET /log` reads (so a client reads its own writes).
    var syncLog: SyncLogRecorder? = nil
    /// The sync connectors, when the store has them (issue 6).
    var connectors: ConnectorAdministration? = nil

    /// Every route, in the order of the OpenAPI document.
    var routes: [APIRoute] {
        [
            APIRoute(.get, "/openapi.json", "getOpenAPI", requiresUser: false) { _ in
                APIResponse(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: Array(OpenAPIDocument.json.utf8))
            },
            APIRoute(.get, "/me", "getMe") { try await me($0) },
            APIRoute(.get, "/contacts", "listContacts") { try await listContacts($0) },
            APIRoute(.post, "/contacts", "createContact") { try await createContact($0) }
                .logged(.create),
            APIRoute(.get, "/contacts/{id}", "getContact") { try await getContact($0) },
            APIRoute(.patch, "/contacts/{id}", "updateContact") { try await updateContact($0) }
                .logged(.update),
            APIRoute(.delete, "/contacts/{id}", "deleteContact") { try await deleteContact($0) }
                .logged(.delete),
            APIRoute(.get, "/tasks", "listTasks") { try await listTasks($0) },
            APIRoute(.post, "/tasks", "createTask") { try await createTask($0) }.logged(.create),
            APIRoute(.get, "/tasks/{id}", "getTask") { try await getTask($0) },
            APIRoute(.patch, "/tasks/{id}", "updateTask") { try await updateTask($0) }.logged(
                .update),
            APIRoute(.delete, "/tasks/{id}", "deleteTask") { try await deleteTask($0) }.logged(
                .delete),
            APIRoute(.post, "/tasks/{id}/complete", "completeTask") {
                try await setStatus($0, .done)
            }.logged(.update),
            APIRoute(.post, "/tasks/{id}/reopen", "reopenTask") { try await setStatus($0, .open) }
                .logged(.update),
            APIRoute(.post, "/tasks/{id}/participants/{index}/contact", "createParticipantContact")
            {
                try await contactFromParticipant($0)
            }.logged(.update),
            APIRoute(.get, "/assigned-tasks", "listAssignedTasks") {
                try await listAssignedTasks($0)
            },
            APIRoute(.get, "/calendars", "listCalendars") { try await listCalendars($0) },
            APIRoute(.post, "/calendars", "createCalendar") { try await createCalendar($0) },
            APIRoute(.get, "/calendars/{path}/links", "listLinks") { try await listLinks($0) },
            APIRoute(.post, "/calendars/{path}/links", "createLink") { try await createLink($0) },
            APIRoute(.delete, "/links/{id}", "revokeLink") { try await revokeLink($0) },
            APIRoute(.get, "/calendars/{path}/shares", "listShares") { try await listShares($0) },
            APIRoute(.post, "/calendars/{path}/shares", "createShare") {
                try await createShare($0)
            },
            APIRoute(.delete, "/calendars/{path}/shares/{sharee}", "deleteShare") {
                try await deleteShare($0)
            },
            APIRoute(.get, "/shared", "listShared") { try await listShared($0) },
            APIRoute(.get, "/teams", "listTeams") { try await listTeams($0) },
            APIRoute(.post, "/teams", "createTeam") { try await createTeam($0) },
            APIRoute(.delete, "/teams/{name}", "deleteTeam") { try await deleteTeam($0) },
            APIRoute(.put, "/teams/{name}/members/{user}", "setTeamMember") {
                try await setTeamMember($0)
            },
            APIRoute(.delete, "/teams/{name}/members/{user}", "removeTeamMember") {
                try await removeTeamMember($0)
            },
            APIRoute(.get, "/delegates", "listDelegates") { try await listDelegates($0) },
            APIRoute(.put, "/delegates/{name}", "setDelegate") { try await setDelegate($0) },
            APIRoute(.delete, "/delegates/{name}", "removeDelegate") {
                try await removeDelegate($0)
            },
            APIRoute(.get, "/delegations", "listDelegations") { try await listDelegations($0) },
            APIRoute(.get, "/connectors", "listConnectors") { try await listConnectors($0) },
            APIRoute(.post, "/connectors", "createConnector") { try await createConnector($0) },
            APIRoute(.patch, "/connectors/{id}", "updateConnector") {
                try await updateConnector($0)
            },
            APIRoute(.delete, "/connectors/{id}", "deleteConnector") {
                try await deleteConnector($0)
            },
            APIRoute(.post, "/connectors/{id}/run", "runConnector") {
                try await runConnector($0)
            },
            APIRoute(.get, "/routing", "listRoutes") { try await listRoutes($0) },
            APIRoute(.put, "/routing/{type}", "setRoute") { try await setRoute($0) },
            APIRoute(.delete, "/routing/{type}", "deleteRoute") { try await deleteRoute($0) },
            APIRoute(.get, "/trash", "listTrash") { try await listTrash($0) },
            APIRoute(.post, "/trash/{id}/restore", "restoreTrash") { try await restoreTrash($0) }
                .logged(.restore),
            APIRoute(.get, "/users", "listUsers") { try await listUsers($0) },
            APIRoute(.post, "/users", "createUser") { try await createUser($0) },
            APIRoute(.get, "/users/{name}", "getUser") { try await getUser($0) },
            APIRoute(.patch, "/users/{name}", "updateUser") { try await updateUser($0) },
            APIRoute(.delete, "/users/{name}", "deleteUser") { try await deleteUser($0) },
            APIRoute(.get, "/tokens", "listTokens") { try await listTokens($0) },
            APIRoute(.post, "/tokens", "createToken") { try await createToken($0) },
            APIRoute(.delete, "/tokens/{id}", "revokeToken") { try await revokeToken($0) },
            APIRoute(.get, "/log", "listSyncLog") { try await listSyncLog($0) },
        ]
    }

    /// The CRM use cases over the store.
    var service: CRMService { CRMService(store: store, publicBaseURL: publicBaseURL) }

    // MARK: Shared pieces

    /// `limit` (1…500, default 50) and `cursor` of a listing.
    static func paging(_ request: APIRequest) throws(APIProblem) -> (limit: Int, cursor: String?) {
        var limit = 50
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...500).contains(value) else {
                throw APIProblem(
                    .badRequest, detail: "limit: expected an integer from 1 to 500",
                    errors: [.init(field: "limit", message: "expected an integer from 1 to 500")])
            }
            limit = value
        }
        return (limit, request.queryValue("cursor"))
    }

    /// `sort=field` or `sort=-field` over a closed set of fields.
    static func sort<Field: RawRepresentable & CaseIterable>(
        _ request: APIRequest, default field: Field
    ) throws(APIProblem) -> Storage.SortOrder<Field> where Field.RawValue == String {
        guard let text = request.queryValue("sort") else { return Storage.SortOrder(field) }
        let descending = text.hasPrefix("-")
        let name = descending ? String(text.dropFirst()) : text
        guard let value = Field(rawValue: name) else {
            let message =
                "expected one of " + Field.allCases.map(\.rawValue).joined(separator: ", ")
                + " (with - for descending)"
            throw APIProblem(
                .badRequest, detail: "sort: \(message)",
                errors: [.init(field: "sort", message: message)])
        }
        return Storage.SortOrder(value, descending: descending)
    }

    /// A page as `{items, nextCursor}` with `Link: <…>; rel="next"` (RFC 8288) when there is more.
    static func page(_ items: [JSONValue], nextCursor: String?, _ request: APIRequest)
        -> APIResponse
    {
        var answer = APIResponse.json(
            .object(["items": .array(items), "nextCursor": .string(nextCursor)]))
        if let nextCursor {
            var query = request.query.filter { $0.name != "cursor" }
            query.append(.init(name: "cursor", value: nextCursor))
            let text = query.map { encode($0.name) + "=" + encode($0.value) }
                .joined(separator: "&")
            answer.headers[HTTPField.Name("Link")!] = "<\(request.path)?\(text)>; rel=\"next\""
        }
        return answer
    }

    /// Percent-encodes a query component (unreserved characters stay, RFC 3986 §2.3).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The owner's calendars by id, for answering tasks with their calendar paths.
    func calendarPaths(_ owner: UserRecord) async throws -> [Int64: String] {
        var paths: [Int64: String] = [:]
        for calendar in try await store.collections(ownerID: owner.id, parent: nil) {
            paths[calendar.id] = calendar.path
        }
        return paths
    }
}
