import Foundation
import HTTPTypes
import Storage

/// One authenticated JSON API request as a handler sees it: the user, the path parameters of
/// its route template, the query items in order, the headers and the (size-checked) body.
struct APIRequest: Sendable {
    /// One `name=value` of the query string, percent-decoded.
    struct QueryItem: Sendable, Hashable {
        var name: String
        var value: String
    }

    /// The signed-in user (`nil` only for the routes that need none, such as `openapi.json`).
    var user: UserRecord?
    /// The request path (without the query).
    var path: String
    /// The values of the route template's `{name}` segments.
    var parameters: [String: String]
    /// The query items, in order (a name may repeat).
    var query: [QueryItem]
    /// The request headers.
    var headers: HTTPFields
    /// The body (at most `APIRouter.maximumBodySize` octets).
    var body: [UInt8]

    /// The signed-in user; routes that need one are only called with one.
    var owner: UserRecord {
        get throws(APIProblem) {
            guard let user else { throw APIProblem(.unauthorized, detail: "sign in first") }
            return user
        }
    }

    /// A path parameter of the route template.
    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// Every value of a query parameter, with comma lists split (`type=call,email&type=to-do`).
    func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.flatMap { $0.value.split(separator: ",") }
            .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The last value of a query parameter, or `nil` when absent or empty.
    func queryValue(_ name: String) -> String? {
        query.last { $0.name == name }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The `If-Match` value, or `nil` when absent or `*` (RFC 9110 §13.1.1).
    var ifMatch: String? {
        guard let value = headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), !value.isEmpty,
            value != "*"
        else { return nil }
        return value
    }

    /// The body as a JSON value: 400 when empty or malformed (with the position).
    func json() throws(APIProblem) -> JSONValue {
        guard !body.isEmpty else {
            throw APIProblem(.badRequest, detail: "a JSON body is required")
        }
        return try JSONValue.parse(body)
    }

    /// Splits and percent-decodes a query string (`+` is a space, as in HTML forms).
    static func parseQuery(_ query: String?) -> [QueryItem] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return QueryItem(
                name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// A JSON API answer before it becomes a Hummingbird `Response`.
struct APIResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: [UInt8]

    /// A JSON answer with optional `ETag` and `Location`.
    static func json(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, etag: String? = nil,
        location: String? = nil
    ) -> APIResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let etag { headers[.eTag] = etag }
        if let location { headers[.location] = location }
        return APIResponse(status: status, headers: headers, body: value.encoded())
    }

    /// `204 No Content`.
    static var noContent: APIResponse { APIResponse(status: .noContent, headers: [:], body: []) }

    /// The RFC 9457 answer for a problem.
    static func problem(_ problem: APIProblem) -> APIResponse {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if problem.kind == .unauthorized {
            headers[.wwwAuthenticate] = "Basic realm=\"Cadence\", Bearer"
        }
        return APIResponse(
            status: .init(code: problem.kind.rawValue), headers: headers,
            body: problem.json.encoded())
    }
}
