import Foundation
import HTTPTypes
import Storage
import Testing

@testable import CadenceServer

/// `/users`: administrators only; passwords validated, never defaulted.
@Suite struct APIUserTests {
    /// A server with `admin` (an administrator) and `alice`.
    static func run(_ body: @escaping @Sendable (TestServer) async throws -> Void) async throws {
        try await TestServer.run(users: ["alice"]) { server in
            try await server.admin.addUser(
                name: "admin", email: "admin@example.com", password: TestServer.password("admin"),
                isAdmin: true)
            try await body(server)
        }
    }

    @Test func nonAdminGets403Problem() async throws {
        try await Self.run { server in
            for reply in [
                try await server.api("alice").get("/users"),
                try await server.api("alice").post(
                    "/users", #"{"name":"eve","password":"long-enough"}"#),
                try await server.api("alice").get("/users/admin"),
                try await server.api("alice").delete("/users/admin"),
            ] {
                #expect(reply.status == 403)
                #expect(reply.string("title") == "Forbidden")
            }
        }
    }

    @Test func adminManagesUsers() async throws {
        try await Self.run { server in
            let api = server.api("admin")
            #expect(try await api.get("/me").json?["isAdmin"] == .bool(true))
            let listed = try await api.get("/users")
            #expect(listed.items.compactMap { $0["name"]?.stringValue } == ["admin", "alice"])

            let created = try await api.post(
                "/users", #"{"name":"carol","password":"carol-password","displayName":"Carol"}"#)
            #expect(created.status == 201)
            #expect(created.headers[.location] == "/api/v1/users/carol")
            #expect(created.string("displayName") == "Carol")
            #expect(try await server.api("carol").get("/me").status == 401)  // other password
            let carol = APITestClient(
                client: server.client, credentials: .basic("carol", "carol-password"))
            #expect(try await carol.get("/me").string("name") == "carol")
            #expect(try await server.objectNames("carol", "crm-tasks") == [])

            let patched = try await api.patch("/users/carol", #"{"displayName":"Carol C."}"#)
            #expect(patched.status == 200)
            #expect(patched.string("displayName") == "Carol C.")
            #expect(try await api.get("/users/carol").string("displayName") == "Carol C.")

            #expect(try await api.delete("/users/carol").status == 204)
            #expect(try await api.get("/users/carol").status == 404)
            #expect(try await api.delete("/users/admin").status == 409)
        }
    }

    @Test func firstStartAdminIsAnAdministrator() async throws {
        let store = InMemoryStore()
        let password = try #require(
            try await Administration(store: store, bcryptCost: 4).createAdminIfNoUsers())
        #expect(password.count == 20)
        #expect(try await store.user(named: "admin")?.isAdmin == true)
    }

    @Test func createValidatesFields() async throws {
        try await Self.run { server in
            let api = server.api("admin")
            let short = try await api.post("/users", #"{"name":"dave","password":"short"}"#)
            #expect(short.status == 422)
            #expect(short.problemFields == ["password"])
            let missing = try await api.post("/users", #"{"name":"dave"}"#)
            #expect(missing.status == 422)
            #expect(missing.problemFields == ["password"])
            let taken = try await api.post(
                "/users", #"{"name":"alice","password":"long-enough-1"}"#)
            #expect(taken.status == 409)
            let badName = try await api.post(
                "/users", #"{"name":"Bad Name!","password":"long-enough-1"}"#)
            #expect(badName.status == 422)
        }
    }
}
