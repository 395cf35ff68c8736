import Foundation
import HTTPTypes
import Testing

@testable import CadenceServer

/// Who may call `/api/v1`: HTTP Basic (password or app password), Bearer API tokens, and the
/// 401 problem for everything else.
@Suite struct APIAuthenticationTests {
    @Test func anonymousIs401ProblemWithBothSchemes() async throws {
        try await TestServer.run { server in
            let reply = try await server.anonymousAPI.get("/me")
            #expect(reply.status == 401)
            #expect(reply.headers[.wwwAuthenticate] == "Basic realm=\"Cadence\", Bearer")
            #expect(reply.contentType == "application/problem+json")
            #expect(reply.string("title") == "Unauthorized")
            #expect(reply.json?["status"] == .number(401))
            #expect(reply.string("type") == "urn:cadence:problem:unauthorized")
        }
    }

    @Test func basicSignsIn() async throws {
        try await TestServer.run { server in
            let reply = try await server.api("alice").get("/me")
            #expect(reply.status == 200)
            #expect(reply.string("name") == "alice")
            #expect(reply.string("email") == "alice@example.com")
            #expect(reply.json?["isAdmin"] == .bool(false))
        }
    }

    @Test func wrongPasswordAndUnknownSchemeAre401() async throws {
        try await TestServer.run { server in
            let wrong = APITestClient(
                client: server.client, credentials: .basic("alice", "nope-nope"))
            #expect(try await wrong.get("/me").status == 401)
            let unknown = try await server.anonymousAPI.get(
                "/me", headers: [("Authorization", "Digest username=alice")])
            #expect(unknown.status == 401)
            #expect(try await server.api(bearer: "not-a-token").get("/me").status == 401)
        }
    }

    @Test func bearerTokenWorksUntilRevoked() async throws {
        try await TestServer.run { server in
            let created = try await server.api("alice").post("/tokens", #"{"label":"script"}"#)
            #expect(created.status == 201)
            let token = try #require(created.string("token"))
            let id = try #require(created.json?["id"])
            guard case .number(let number) = id else { Issue.record("id \(id)"); return }
            #expect(created.headers[.location] == "/api/v1/tokens/\(Int(number))")
            #expect(created.string("label") == "script")

            let me = try await server.api(bearer: token).get("/me")
            #expect(me.status == 200)
            #expect(me.string("name") == "alice")

            let listed = try await server.api("alice").get("/tokens")
            #expect(listed.items.count == 1)
            #expect(listed.items.first?["lastUsedAt"]?.stringValue?.hasSuffix("Z") == true)
            #expect(listed.items.first?["token"] == nil)
            #expect(listed.items.first?["label"] == .string("script"))

            // bob cannot revoke alice's token.
            #expect(try await server.api("bob").delete("/tokens/\(Int(number))").status == 404)
            #expect(try await server.api("alice").delete("/tokens/\(Int(number))").status == 204)
            #expect(try await server.api(bearer: token).get("/me").status == 401)
            #expect(try await server.api("alice").get("/tokens").items.isEmpty)
        }
    }

    @Test func appPasswordsAreNotBearerTokens() async throws {
        try await TestServer.run { server in
            let appPassword = try await server.admin.addAppPassword(name: "alice", label: "phone")
            #expect(try await server.api(bearer: appPassword).get("/me").status == 401)
            #expect(try await server.api("alice").get("/tokens").items.isEmpty)
            let basic = APITestClient(
                client: server.client, credentials: .basic("alice", appPassword))
            #expect(try await basic.get("/me").status == 200)
        }
    }

    @Test func apiTokensAreNotPasswords() async throws {
        try await TestServer.run { server in
            let (_, token) = try await server.admin.addAPIToken(name: "alice", label: "script")
            #expect(try await server.api(bearer: token).get("/me").status == 200)
            let basic = APITestClient(client: server.client, credentials: .basic("alice", token))
            #expect(try await basic.get("/me").status == 401)
            let dav = DAVTestClient(server.client, user: "alice", password: token)
            #expect(
                try await dav.propfind("/caldav/", props: [.dav.currentUserPrincipal]).status == 401
            )
        }
    }

    @Test func cliTokenWorksAsBearer() async throws {
        try await TestServer.run { server in
            let (record, token) = try await server.admin.addAPIToken(name: "bob", label: "cli")
            #expect(try await server.api(bearer: token).get("/me").string("name") == "bob")
            #expect(try await server.admin.apiTokens(name: "bob").map(\.id) == [record.id])
            try await server.admin.revokeAPIToken(name: "bob", id: record.id)
            #expect(try await server.api(bearer: token).get("/me").status == 401)
        }
    }

    @Test func tokenCreateNeedsALabel() async throws {
        try await TestServer.run { server in
            let reply = try await server.api("alice").post("/tokens", "{}")
            #expect(reply.status == 422)
            #expect(reply.problemFields == ["label"])
        }
    }

    @Test func openAPIIsPublicJSON() async throws {
        try await TestServer.run { server in
            let reply = try await server.anonymousAPI.get("/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(reply.json?["openapi"] == .string("3.1.0"))
        }
    }

    @Test func davStillAnswersBesideTheAPI() async throws {
        try await TestServer.run { server in
            let reply = try await server.dav("alice").propfind(
                Paths.calendar("alice"), props: [.dav.displayName])
            #expect(reply.status == 207)
        }
    }
}
