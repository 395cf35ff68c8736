import Foundation
import WebDAV

/// With `--debug` only: an HTML view of the DAV tree for the signed-in user in a browser, like
/// sabre/dav's browser plugin (issue 7). A `GET` whose `Accept` names `text/html` and not
/// `text/calendar` on a principal, home, calendar or object answers a page listing the
/// resource's members (with links), its properties (live and dead, from a `PROPFIND` allprop)
/// and, for an object, its source. Every page is built by asking the DAV engine itself, so the
/// user sees exactly what a client would, with the same privileges. Everything shown is
/// HTML-escaped; the security headers (a CSP that loads nothing) apply as to any HTML answer.
struct DAVBrowser: Sendable {
    /// The engine asked for properties, members and sources.
    let engine: DAVServer
    /// The most octets of an engine answer read for one page; larger listings are cut.
    var maximumAnswerSize = 8 << 20
    /// The most members listed on one page.
    var maximumMembers = 1_000

    /// Whether `request` is a browser asking for a page: a `GET` whose `Accept` names
    /// `text/html` but not `text/calendar` (calendar clients and subscribers keep their export),
    /// and not an explicit `?export`.
    static func wants(method: String, accept: String?, query: String?) -> Bool {
        guard method == "GET", let accept = accept?.lowercased() else { return false }
        if let query, query.split(separator: "&").contains(where: { $0.hasPrefix("export") }) {
            return false
        }
        return accept.contains("text/html") && !accept.contains("text/calendar")
    }

    /// The page for `request`'s path; a resource the user may not see answers as the engine
    /// does (404, 403).
    func page(
        for request: DAVRequest, context: DAVContext, backend: any DAVBackend
    ) async -> DAVResponse {
        let path = request.path
        let selfAnswer = await ask(
            "PROPFIND", path, depth: "0", body: Self.allProp, context, backend)
        guard selfAnswer.status == 207, let bytes = selfAnswer.body,
            let own = Self.responses(bytes).first
        else {
            return selfAnswer.response ?? DAVResponse(status: 500, headers: [], body: [])
        }
        var html = Self.head(title: path.href)
        html += "<h1>\(Self.escape(path.href))</h1>\n"
        html +=
            "<p class=\"note\">Signed in as \(Self.escape(context.userName)). This is the DAV "
            + "browser of <code>--debug</code>: do not leave debug mode on in production.</p>\n"
        if let parent = path.parent, path.segments.count > 1 {
            html += "<p><a href=\"\(Self.escape(parent.asCollection().href))\">Up</a></p>\n"
        }
        if path.trailingSlash {
            html += await members(of: path, context, backend)
        }
        html += "<h2>Properties</h2>\n"
        html += Self.propertyTable(own)
        if !path.trailingSlash {
            html += await source(of: path, context, backend)
        }
        html += "</body>\n</html>\n"
        return DAVResponse(
            status: 200,
            headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
            body: Array(html.utf8))
    }

    // MARK: Sections

    private func members(
        of path: DAVPath, _ context: DAVContext, _ backend: any DAVBackend
    ) async -> String {
        let answer = await ask(
            "PROPFIND", path, depth: "1", body: Self.memberProps, context, backend)
        var html = "<h2>Members</h2>\n"
        guard answer.status == 207, let bytes = answer.body else {
            return html + "<p>The listing is too large to show here.</p>\n"
        }
        let listed = Self.responses(bytes).filter { $0.href != path.href }
        guard !listed.isEmpty else { return html + "<p>No members.</p>\n" }
        html += "<table>\n<tr><th>Name</th><th>Type</th><th>Content type</th><th>ETag</th></tr>\n"
        for member in listed.prefix(maximumMembers) {
            let name = DAVPath(member.href)?.lastSegment ?? member.href
            let link =
                member.href.hasPrefix("/")
                ? "<a href=\"\(Self.escape(member.href))\">\(Self.escape(name))</a>"
                : Self.escape(name)
            let type = member.properties["resourcetype"].map(Self.resourceTypeText) ?? ""
            html +=
                "<tr><td>\(link)</td><td>\(Self.escape(type))</td>"
                + "<td>\(Self.escape(member.properties["getcontenttype"]?.trimmedText ?? ""))</td>"
                + "<td>\(Self.escape(member.properties["getetag"]?.trimmedText ?? ""))</td></tr>\n"
        }
        html += "</table>\n"
        if listed.count > maximumMembers {
            html += "<p>The first \(maximumMembers) of \(listed.count) members.</p>\n"
        }
        return html
    }

    private func source(
        of path: DAVPath, _ context: DAVContext, _ backend: any DAVBackend
    ) async -> String {
        let answer = await ask("GET", path, depth: nil, body: [], context, backend)
        guard answer.status == 200, let bytes = answer.body else { return "" }
        return
            "<h2>Source</h2>\n<pre>\(Self.escape(String(decoding: bytes, as: UTF8.self)))</pre>\n"
    }

    // MARK: Asking the engine

    /// An engine answer, its body read up to the limit (`nil` when larger).
    private struct Answer {
        var status: Int
        var body: [UInt8]?
        var response: DAVResponse?
    }

    private struct TooLarge: Error {}

    private func ask(
        _ method: String, _ path: DAVPath, depth: String?, body: [UInt8],
        _ context: DAVContext, _ backend: any DAVBackend
    ) async -> Answer {
        var headers = ["accept": "text/calendar, application/xml"]
        if let depth { headers["depth"] = depth }
        if !body.isEmpty { headers["content-type"] = "application/xml; charset=utf-8" }
        let request = DAVRequest(method: method, path: path, headers: headers, body: body)
        var innerContext = context
        innerContext.request = request
        let response = await engine.handle(request, context: innerContext, backend: backend)
        guard let stream = response.stream else {
            return Answer(
                status: response.status,
                body: response.body.count <= maximumAnswerSize ? response.body : nil,
                response: response)
        }
        var collected: [UInt8] = []
        let limit = maximumAnswerSize
        do {
            try await stream.produce { chunk in
                guard collected.count + chunk.count <= limit else { throw TooLarge() }
                collected += chunk
            }
        } catch {
            return Answer(status: response.status, body: nil, response: nil)
        }
        return Answer(status: response.status, body: collected, response: nil)
    }

    /// allprop (RFC 4918 §9.1: dead properties and the WebDAV live ones) with the CalDAV and
    /// access properties clients rely on, which allprop leaves out.
    static let allProp: [UInt8] = {
        let include = [
            "D:current-user-principal", "D:principal-URL", "D:owner",
            "D:current-user-privilege-set", "D:supported-report-set", "D:sync-token",
            "D:quota-used-bytes", "D:quota-available-bytes", "C:calendar-home-set",
            "C:calendar-user-address-set", "C:supported-calendar-component-set",
            "C:calendar-description", "C:max-resource-size", "CS:getctag",
        ]
        let names: String = include.map { "<\($0)/>" }.joined()
        let head =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\""
            + " xmlns:C=\"urn:ietf:params:xml:ns:caldav\" xmlns:CS=\"http://calendarserver.org/ns/\">"
        return Array((head + "<D:allprop/><D:include>" + names + "</D:include></D:propfind>").utf8)
    }()

    static let memberProps = Array(
        ("<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>"
            + "<D:resourcetype/><D:getcontenttype/><D:getetag/><D:displayname/>"
            + "</D:prop></D:propfind>").utf8)

    // MARK: Reading a multistatus

    /// One `<D:response>`: its href and the properties found (200), by local name.
    struct Member {
        var href: String
        var properties: [String: XMLElement]
        var ordered: [XMLElement]
    }

    static func responses(_ bytes: [UInt8]) -> [Member] {
        guard let root = try? XMLReader.parse(bytes) else { return [] }
        return root.all(.dav.response).map { response in
            var properties: [String: XMLElement] = [:]
            var ordered: [XMLElement] = []
            for propStat in response.all(.dav.propstat)
            where propStat.first(.dav.status)?.trimmedText.contains(" 200 ") ?? false {
                for property in propStat.first(.dav.prop)?.elements ?? [] {
                    if property.name.namespace == XMLNamespace.dav {
                        properties[property.name.name] = property
                    }
                    ordered.append(property)
                }
            }
            return Member(
                href: response.first(.dav.href)?.trimmedText ?? "", properties: properties,
                ordered: ordered)
        }
    }

    static func propertyTable(_ member: Member) -> String {
        var html = "<table>\n<tr><th>Property</th><th>Value</th></tr>\n"
        for property in member.ordered.sorted(by: { $0.name < $1.name }) {
            html +=
                "<tr><td><code>\(escape(property.name.description))</code></td>"
                + "<td>\(valueHTML(property.children, depth: 0))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// A property value, compact: text as it is, an `href` as a link (paths only), any other
    /// element as its local name, its attributes and its children in parentheses; escaped.
    static func valueHTML(_ nodes: [XMLNode], depth: Int) -> String {
        guard depth < 8 else { return "…" }
        var parts: [String] = []
        for node in nodes {
            switch node {
            case .text(let text):
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { parts.append("<pre>\(escape(trimmed))</pre>") }
            case .element(let element) where element.name == XMLName.dav.href:
                let href = element.trimmedText
                parts.append(
                    href.hasPrefix("/")
                        ? "<a href=\"\(escape(href))\">\(escape(href))</a>" : escape(href))
            case .element(let element):
                let attributes = element.attributes.sorted { $0.key < $1.key }
                    .map { " \(escape($0.key.name))=\(escape($0.value))" }.joined()
                let inner = valueHTML(element.children, depth: depth + 1)
                parts.append(
                    escape(element.name.name) + attributes + (inner.isEmpty ? "" : " (\(inner))"))
            }
        }
        return parts.joined(separator: ", ")
    }

    static func resourceTypeText(_ element: XMLElement) -> String {
        let names = element.elements.map(\.name.name)
        return names.isEmpty ? "object" : names.joined(separator: ", ")
    }

    // MARK: HTML

    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Cadence DAV browser: \(escape(title))</title>
        <style>
        body { font-family: sans-serif; margin: 2em; }
        table { border-collapse: collapse; }
        td, th { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
        pre { margin: 0; white-space: pre-wrap; }
        .note { color: #a00; }
        </style>
        </head>
        <body>

        """
    }

    /// `text` with `& < > " '` as character references: safe in text and in quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
