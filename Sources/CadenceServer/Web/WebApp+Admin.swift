import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// Administration (administrators only): users, the sync log with filters, and a small health
/// dashboard (requests, errors, sync activity).
extension WebApp {
    func registerAdmin(_ router: Router<CadenceRequestContext>) {
        page(router, .get, "/web/admin", admin: true) { call in try await adminPage(call) }
        page(router, .post, "/web/admin/users", admin: true) { call in
            let answer = await api(
                "createUser", call,
                body: .object([
                    "name": .string(call.field("name")),
                    "password": .string(call.formValue("password") ?? ""),
                    "email": .string(call.field("email")),
                    "displayName": .string(call.field("displayName")),
                    "isAdmin": .bool(call.formValue("isAdmin") != nil),
                ]))
            guard answer.status == .created else {
                return try await adminPage(call, error: Self.problemText(answer.json))
            }
            return .redirect("/web/admin", notice: "User \(call.field("name")) created.")
        }
        page(router, .get, "/web/admin/log", admin: true) { call in try await syncLogPage(call) }
    }

    func adminPage(_ call: WebCall, error: String? = nil) async throws -> WebResult {
        let users = Self.items(try await read("listUsers", call))
        let totals = metrics.requestTotals
        let now = Int64(Date().timeIntervalSince1970)
        let recent = try await store.syncLog(
            SyncLogQuery(userName: nil, since: now - 86_400, limit: 10_000))
        var byAction: [String: Int] = [:]
        var byClient: [String: Int] = [:]
        var failed = 0
        for entry in recent {
            byAction[entry.action.rawValue, default: 0] += 1
            byClient[entry.client.isEmpty ? "unknown" : entry.client, default: 0] += 1
            if entry.status >= 400 { failed += 1 }
        }
        var ready = true
        do { _ = try await store.user(id: 0) } catch { ready = false }
        let uptime = Int(Date().timeIntervalSince(startedAt))
        var data: [String: Any] = [
            "users": users,
            "requests": totals.requests, "clientErrors": totals.clientErrors,
            "serverErrors": totals.serverErrors,
            "uptime": "\(uptime / 3600) h \(uptime / 60 % 60) min",
            "storeReady": ready,
            "syncTotal": recent.count, "syncFailed": failed,
            "byAction": byAction.sorted { $0.key < $1.key }.map {
                ["name": $0.key, "count": $0.value] as [String: Any]
            },
            "byClient": byClient.sorted { $0.key < $1.key }.map {
                ["name": $0.key, "count": $0.value] as [String: Any]
            },
        ]
        if let error { data["error"] = error }
        return .page(
            status: error == nil ? .ok : .unprocessableContent, template: "admin",
            title: "Administration", data: data)
    }

    func syncLogPage(_ call: WebCall) async throws -> WebResult {
        var query: [(String, String)] = [("limit", "500")]
        let user = call.queryValue("user") ?? call.user.name
        query.append(("user", user))
        if let since = call.queryValue("since") { query.append(("since", since)) }
        let answer = await api("listSyncLog", call, query: query)
        let users = Self.items(try await read("listUsers", call)).compactMap {
            $0["name"] as? String
        }
        var data: [String: Any] = [
            "users": users.map { ["name": $0, "selected": $0 == user] as [String: Any] },
            "actions": SyncLogEntry.Action.allCases.map {
                [
                    "value": $0.rawValue, "label": $0.rawValue,
                    "selected": $0.rawValue == call.queryValue("action"),
                ] as [String: Any]
            },
            "filterSince": call.queryValue("since") ?? "",
            "filterClient": call.queryValue("client") ?? "",
        ]
        guard answer.status == .ok, let json = answer.json else {
            data["error"] = Self.problemText(answer.json)
            data["entries"] = [Any]()
            return .page(
                status: .badRequest, template: "syncLog", title: "Sync log", data: data)
        }
        let action = call.queryValue("action")
        let client = call.queryValue("client")?.lowercased()
        let onlyFailures = call.queryValue("failed") != nil
        data["onlyFailures"] = onlyFailures
        data["entries"] = Self.items(json).filter { entry in
            if let action, entry["action"] as? String != action { return false }
            if let client, !(entry["client"] as? String ?? "").lowercased().contains(client) {
                return false
            }
            if onlyFailures, (entry["status"] as? Int64 ?? 0) < 400 { return false }
            return true
        }.map { entry -> [String: Any] in
            var row = entry
            row["failed"] = (entry["status"] as? Int64 ?? 0) >= 400
            return row
        }
        return .page("syncLog", "Sync log", data)
    }
}
