import Foundation
import HTTPTypes
import Testing

@testable import CadenceServer

/// `/api/v1/contacts`: create, read, merge patch, delete, ETag/If-Match, listing and paging,
/// validation problems, other users' ids.
@Suite struct APIContactTests {
    static let ada = #"""
        {"name":"Ada Lovelace","company":"Analytical Engines","title":"CTO",
         "emails":[{"label":"work","value":"ada@example.com"}],
         "phones":[{"label":"mobile","value":"+44 20 7946 0000"}],
         "address":{"street":"1 St James's Sq","locality":"London","country":"UK"},
         "notes":"met at the fair","tags":["vip","uk"]}
        """#

    @Test(arguments: StoreKind.allCases) func createReadPatchDelete(kind: StoreKind) async throws {
        try await TestServer.run(kind) { server in
            let api = server.api("alice")
            let created = try await api.post("/contacts", Self.ada)
            #expect(created.status == 201)
            let id = try #require(created.string("id"))
            #expect(created.headers[.location] == "/api/v1/contacts/\(id)")
            #expect(created.etag == "\"r1\"")
            #expect(created.string("company") == "Analytical Engines")
            #expect(
                created.json?["emails"]
                    == .array([
                        .object(["label": .string("work"), "value": .string("ada@example.com")])
                    ]))
            #expect(created.json?["address"]?["locality"] == .string("London"))
            #expect(created.json?["address"]?["region"] == .null)
            #expect(created.json?["tags"] == .array([.string("vip"), .string("uk")]))
            #expect(created.string("createdAt")?.hasSuffix("Z") == true)

            let read = try await api.get("/contacts/\(id)")
            #expect(read.status == 200)
            #expect(read.etag == "\"r1\"")
            #expect(read.json == created.json)

            let patched = try await api.patch(
                "/contacts/\(id)", #"{"title":null,"company":"Babbage & Co","tags":["vip"]}"#,
                headers: [("If-Match", "\"r1\"")])
            #expect(patched.status == 200)
            #expect(patched.etag == "\"r2\"")
            #expect(patched.json?["title"] == .null)
            #expect(patched.string("company") == "Babbage & Co")
            #expect(patched.string("name") == "Ada Lovelace")
            #expect(patched.json?["tags"] == .array([.string("vip")]))
            #expect(patched.json?["emails"] == created.json?["emails"])

            let stale = try await api.patch(
                "/contacts/\(id)", #"{"notes":"x"}"#, headers: [("If-Match", "\"r1\"")])
            #expect(stale.status == 412)
            #expect(stale.contentType == "application/problem+json")
            #expect(
                try await api.delete("/contacts/\(id)", headers: [("If-Match", "\"r1\"")]).status
                    == 412)

            #expect(
                try await api.delete("/contacts/\(id)", headers: [("If-Match", "\"r2\"")]).status
                    == 204)
            let gone = try await api.get("/contacts/\(id)")
            #expect(gone.status == 404)
            #expect(gone.string("title") == "Not Found")
        }
    }

    @Test func validationNamesTheFields() async throws {
        try await TestServer.run { server in
            let reply = try await server.api("alice").post(
                "/contacts",
                #"{"name":" ","emails":[{"value":"a@b.c"},{"value":"nope"}],"tags":"x"}"#)
            #expect(reply.status == 422)
            #expect(reply.problemFields == ["name", "tags", "emails[1].value"])
            let notObject = try await server.api("alice").post("/contacts", "[1]")
            #expect(notObject.status == 422)
        }
    }

    @Test func otherUsersContactsAre404() async throws {
        try await TestServer.run { server in
            let id = try #require(
                try await server.api("alice").post("/contacts", Self.ada).string("id"))
            let bob = server.api("bob")
            #expect(try await bob.get("/contacts/\(id)").status == 404)
            #expect(try await bob.patch("/contacts/\(id)", #"{"name":"x"}"#).status == 404)
            #expect(try await bob.delete("/contacts/\(id)").status == 404)
            #expect(try await bob.get("/contacts").items.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func pagingWalksEveryContactOnce(kind: StoreKind)
        async throws
    {
        try await TestServer.run(kind) { server in
            let api = server.api("alice")
            for index in 0..<7 {
                let tag = index % 2 == 0 ? "even" : "odd"
                let reply = try await api.post(
                    "/contacts", #"{"name":"Person \#(index)","tags":["\#(tag)"]}"#)
                #expect(reply.status == 201)
            }
            var names: [String] = []
            var path = "/contacts?limit=3&sort=-name"
            var pages = 0
            while true {
                let reply = try await api.get(path)
                #expect(reply.status == 200)
                pages += 1
                names += reply.items.compactMap { $0["name"]?.stringValue }
                guard let next = reply.string("nextCursor") else {
                    #expect(reply.headers[HTTPField.Name("Link")!] == nil)
                    break
                }
                let link = try #require(reply.headers[HTTPField.Name("Link")!])
                #expect(link.hasPrefix("</api/v1/contacts?limit=3&sort=-name&cursor="))
                #expect(link.hasSuffix(">; rel=\"next\""))
                path = "/contacts?limit=3&sort=-name&cursor=\(CRMAPI.encode(next))"
            }
            #expect(pages == 3)
            #expect(names == (0..<7).reversed().map { "Person \($0)" })
            let even = try await api.get("/contacts?tag=even")
            #expect(even.items.count == 4)
            let search = try await api.get("/contacts?q=person%205")
            #expect(search.items.compactMap { $0["name"]?.stringValue } == ["Person 5"])
            #expect(try await api.get("/contacts?limit=0").status == 400)
            #expect(try await api.get("/contacts?sort=shoeSize").problemFields == ["sort"])
        }
    }
}
