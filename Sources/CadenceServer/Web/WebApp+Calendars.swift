import Foundation
import Groupware
import HTTPTypes
import Hummingbird
import Storage

/// Calendars and devices: calendars with colours and routing rules, subscription links, the
/// CalDAV URL with setup steps per client, app passwords, and the sync connectors' status with
/// "sync now".
extension WebApp {
    func registerCalendars(_ router: Router<CadenceRequestContext>) {
        page(router, .get, "/web/calendars") { call in try await calendarsPage(call) }
        page(router, .post, "/web/calendars") { call in
            let answer = await api(
                "createCalendar", call,
                body: .object([
                    "path": .string(call.field("path")),
                    "displayName": call.field("displayName").isEmpty
                        ? .null : .string(call.field("displayName")),
                    "color": call.field("color").isEmpty ? .null : .string(call.field("color")),
                ]))
            guard answer.status == .created else {
                return try await calendarsPage(call, error: Self.problemText(answer.json))
            }
            return .redirect("/web/calendars", notice: "Calendar created.")
        }
        page(router, .post, "/web/routing") { call in
            let type = call.field("type")
            let calendar = call.field("calendar")
            let answer =
                calendar.isEmpty
                ? await api("deleteRoute", call, parameters: ["type": type])
                : await api(
                    "setRoute", call, parameters: ["type": type],
                    body: .object(["calendar": .string(calendar)]))
            guard answer.status.kind == .successful else {
                return try await calendarsPage(call, error: Self.problemText(answer.json))
            }
            return .redirect("/web/calendars", notice: "Routing saved.")
        }
        page(router, .post, "/web/calendars/{path}/links") { call in
            var body: [JSONValue.Member] = [
                .init(key: "label", value: .string(call.field("label")))
            ]
            if !call.field("mode").isEmpty {
                body.append(.init(key: "mode", value: .string(call.field("mode"))))
            }
            let answer = await api(
                "createLink", call, parameters: ["path": call.parameter("path")],
                body: .object(body))
            guard answer.status == .created, case .string(let url)? = answer.json?["url"] else {
                return try await calendarsPage(call, error: Self.problemText(answer.json))
            }
            // The link is shown once: the page itself answers, no redirect.
            return try await calendarsPage(call, newLink: url)
        }
        page(router, .post, "/web/links/{id}/revoke") { call in
            let answer = await api("revokeLink", call, parameters: ["id": call.parameter("id")])
            guard answer.status.kind == .successful else {
                throw WebFailure(answer.status, Self.problemText(answer.json))
            }
            return .redirect("/web/calendars", notice: "Subscription link revoked.")
        }
        page(router, .get, "/web/devices") { call in try await devicesPage(call) }
        page(router, .post, "/web/app-passwords") { call in
            let label = call.field("label")
            guard !label.isEmpty, label.count <= 100 else {
                return try await devicesPage(
                    call, error: "Give the app password a name of up to 100 characters.",
                    status: .unprocessableContent)
            }
            let token = try await administration.addAppPassword(name: call.user.name, label: label)
            return try await devicesPage(call, newPassword: token, newLabel: label)
        }
        page(router, .post, "/web/app-passwords/{id}/revoke") { call in
            let passwords = try await store.appPasswords(userID: call.user.id)
            guard let id = Int64(call.parameter("id")),
                passwords.contains(where: { $0.id == id && $0.kind == .appPassword })
            else { throw WebFailure(.notFound, "No such app password.") }
            try await administration.revokeAppPassword(name: call.user.name, id: id)
            return .redirect("/web/devices", notice: "App password revoked.")
        }
        page(router, .get, "/web/connectors") { call in try await connectorsPage(call) }
        page(router, .post, "/web/connectors/{id}/run") { call in
            let answer = await api("runConnector", call, parameters: ["id": call.parameter("id")])
            guard answer.status == .ok, let report = answer.json else {
                if answer.status == .notFound { throw WebFailure(.notFound, "No such connector.") }
                return .redirect(
                    "/web/connectors", notice: "Sync failed: " + Self.problemText(answer.json))
            }
            func count(_ key: String) -> Int64 {
                if case .number(let value)? = report[key] { return Int64(value) }
                return 0
            }
            return .redirect(
                "/web/connectors",
                notice:
                    "Synced: \(count("pushed")) sent, \(count("pulled")) received, "
                    + "\(count("conflicts")) conflicts, \(count("failed")) failed.")
        }
    }

    func calendarsPage(_ call: WebCall, error: String? = nil, newLink: String? = nil)
        async throws -> WebResult
    {
        let calendars = Self.items(try await read("listCalendars", call))
        let routes = Self.items(try await read("listRoutes", call))
        var rows: [[String: Any]] = []
        for calendar in calendars {
            let path = calendar["path"] as? String ?? ""
            var row = calendar
            row["encodedPath"] = CRMAPI.encode(path)
            row["name"] =
                (calendar["displayName"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? path
            row["swatch"] = Self.safeColor(calendar["color"] as? String)
            row["url"] = call.baseURL(publicBaseURL) + (calendar["caldavHref"] as? String ?? "")
            row["links"] = Self.items(
                try await read("listLinks", call, parameters: ["path": path]))
            rows.append(row)
        }
        let routing: [[String: Any]] = Self.taskTypes.map { type in
            let target =
                routes.first { $0["type"] as? String == type.value }?["calendar"] as? String
            return [
                "type": type.value, "label": type.label,
                "calendars": rows.map {
                    [
                        "value": $0["path"] as? String ?? "", "label": $0["name"] as? String ?? "",
                        "selected": ($0["path"] as? String) == target,
                    ] as [String: Any]
                },
            ]
        }
        var data: [String: Any] = ["calendars": rows, "routing": routing]
        if let error { data["error"] = error }
        if let newLink { data["newLink"] = newLink }
        return .page(
            status: error == nil ? .ok : .unprocessableContent, template: "calendars",
            title: "Calendars", data: data)
    }

    /// A colour for an SVG `fill`: `#rgb`, `#rrggbb` or `#rrggbbaa` (what clients write), else
    /// grey.
    static func safeColor(_ text: String?) -> String {
        guard let text, text.hasPrefix("#"), [4, 7, 9].contains(text.count),
            text.dropFirst().allSatisfy(\.isHexDigit)
        else { return "#767676" }
        return text
    }

    func devicesPage(
        _ call: WebCall, newPassword: String? = nil, newLabel: String? = nil,
        error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> WebResult {
        let base = call.baseURL(publicBaseURL)
        let passwords = try await store.appPasswords(userID: call.user.id)
            .filter { $0.kind == .appPassword }
            .map { record -> [String: Any] in
                var row: [String: Any] = [
                    "id": record.id, "label": record.label,
                    "createdAt": APITime.timestamp(record.createdAt),
                ]
                row["lastUsedAt"] = record.lastUsedAt.map(APITime.timestamp)
                return row
            }
        let host = URL(string: base)?.host ?? base
        var data: [String: Any] = [
            "caldavURL": base + "/caldav/",
            "principalURL": base + CadencePaths.principal(call.user.name).href,
            "host": host, "userName": call.user.name, "passwords": passwords,
        ]
        if let newPassword {
            data["newPassword"] = newPassword
            data["newLabel"] = newLabel
        }
        if let error { data["error"] = error }
        return .page(status: status, template: "devices", title: "Devices", data: data)
    }

    func connectorsPage(_ call: WebCall) async throws -> WebResult {
        let answer = await api("listConnectors", call)
        guard answer.status == .ok, let json = answer.json else {
            return .page("connectors", "Connectors", ["unavailable": true])
        }
        let connectors = Self.items(json).map { connector -> [String: Any] in
            var row = connector
            row["healthy"] = connector["lastError"] == nil
            return row
        }
        return .page("connectors", "Connectors", ["connectors": connectors])
    }
}
