import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

@testable import CadenceServer

/// A JSON API client over `app.test(.router)`: HTTP Basic of one user, a Bearer token, or none;
/// answers as `APIReply` with the parsed JSON.
struct APITestClient: Sendable {
    enum Credentials: Sendable {
        case none
        case basic(String, String)
        case bearer(String)
    }

    let client: any TestClientProtocol
    var credentials: Credentials

    /// Any request below `/api/v1`; a `json` body is sent as `application/json`.
    func request(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil,
        headers: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws -> APIReply {
        var fields = HTTPFields()
        switch credentials {
        case .none: break
        case .basic(let user, let password):
            fields[.authorization] =
                "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case .bearer(let token): fields[.authorization] = "Bearer \(token)"
        }
        var bytes = body
        if let json {
            fields[.contentType] = "application/json"
            bytes = Array(json.utf8)
        }
        for (name, value) in headers {
            fields[HTTPField.Name(name)!] = value
        }
        return try await client.execute(
            uri: "/api/v1" + path, method: method, headers: fields,
            body: bytes.map { ByteBuffer(bytes: $0) }
        ) { response in
            let body = Array(response.body.readableBytesView)
            return APIReply(
                status: Int(response.status.code), headers: response.headers, body: body,
                json: body.isEmpty ? nil : try? JSONValue.parse(body))
        }
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> APIReply {
        try await request(.get, path, headers: headers)
    }

    func post(_ path: String, _ json: String? = nil, headers: [(String, String)] = [])
        async throws -> APIReply
    {
        try await request(.post, path, json: json, headers: headers)
    }

    func patch(_ path: String, _ json: String, headers: [(String, String)] = [])
        async throws -> APIReply
    {
        try await request(.patch, path, json: json, headers: headers)
    }

    func put(_ path: String, _ json: String) async throws -> APIReply {
        try await request(.put, path, json: json)
    }

    func delete(_ path: String, headers: [(String, String)] = []) async throws -> APIReply {
        try await request(.delete, path, headers: headers)
    }
}

/// One JSON API answer.
struct APIReply: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: [UInt8]
    var json: JSONValue?

    /// A member of the JSON object answer, as a string.
    func string(_ key: String) -> String? {
        if case .string(let value)? = json?[key] { return value }
        return nil
    }

    /// The `items` of a list answer.
    var items: [JSONValue] {
        if case .array(let values)? = json?["items"] { return values }
        return []
    }

    /// The problem's field names, in order.
    var problemFields: [String] {
        guard case .array(let errors)? = json?["errors"] else { return [] }
        return errors.compactMap {
            if case .string(let field)? = $0["field"] { return field }
            return nil
        }
    }

    var contentType: String? { headers[.contentType] }
    var etag: String? { headers[.eTag] }
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension TestServer {
    /// A JSON API client signed in as `user` with HTTP Basic.
    func api(_ user: String) -> APITestClient {
        APITestClient(client: client, credentials: .basic(user, Self.password(user)))
    }

    /// A JSON API client with a Bearer token.
    func api(bearer token: String) -> APITestClient {
        APITestClient(client: client, credentials: .bearer(token))
    }

    /// A JSON API client without credentials.
    var anonymousAPI: APITestClient { APITestClient(client: client, credentials: .none) }
}

extension JSONValue {
    /// The string value, if this is one.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
