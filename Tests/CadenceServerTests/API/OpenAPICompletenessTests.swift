import Foundation
import Storage
import Testing

@testable import CadenceServer

/// The OpenAPI document and the route table describe the same API: every routed operation is
/// documented (with its operationId) and every documented operation is routed.
@Suite struct OpenAPICompletenessTests {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options"]

    static func documentedOperations() throws -> [String: String] {
        let document = try JSONValue.parse(Array(OpenAPIDocument.json.utf8))
        guard case .object(let paths)? = document["paths"] else {
            Issue.record("no paths")
            return [:]
        }
        var operations: [String: String] = [:]
        for path in paths {
            guard case .object(let members) = path.value else { continue }
            for member in members where methods.contains(member.key) {
                operations["\(member.key.uppercased()) \(path.key)"] =
                    member.value["operationId"]?.stringValue ?? ""
            }
        }
        return operations
    }

    static var routedOperations: [String: String] {
        let store = InMemoryStore()
        let api = CRMAPI(store: store, administration: .init(store: store), publicBaseURL: nil)
        var operations: [String: String] = [:]
        for route in api.routes {
            operations["\(route.method.rawValue) \(route.path)"] = route.operationID
        }
        return operations
    }

    @Test func everyRouteIsDocumented() throws {
        let documented = try Self.documentedOperations()
        let routed = Self.routedOperations
        #expect(routed.count == 53)
        let undocumented = Set(routed.keys).subtracting(documented.keys).sorted()
        #expect(undocumented == [])
        let unrouted = Set(documented.keys).subtracting(routed.keys).sorted()
        #expect(unrouted == [])
        for (operation, id) in routed {
            #expect(documented[operation] == id, "\(operation)")
        }
    }

    @Test func documentDeclaresBothSecuritySchemes() throws {
        let document = try JSONValue.parse(Array(OpenAPIDocument.json.utf8))
        let schemes = document["components"]?["securitySchemes"]
        #expect(schemes?["basic"]?["scheme"] == .string("basic"))
        #expect(schemes?["bearer"]?["scheme"] == .string("bearer"))
    }

    @Test func everyReferenceResolves() throws {
        let text = OpenAPIDocument.json
        let document = try JSONValue.parse(Array(text.utf8))
        var references: Set<String> = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let members):
                for member in members {
                    if member.key == "$ref", case .string(let ref) = member.value {
                        references.insert(ref)
                    } else {
                        walk(member.value)
                    }
                }
            case .array(let values): values.forEach(walk)
            default: break
            }
        }
        walk(document)
        for reference in references.sorted() {
            let parts = reference.dropFirst(2).split(separator: "/").map(String.init)
            var node: JSONValue? = document
            for part in parts { node = node?[part] }
            #expect(node != nil, "\(reference)")
        }
    }
}
