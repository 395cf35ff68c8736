import Foundation
import Testing

@testable import CadenceServer

/// The JSON API and CalDAV clients racing on one task through the whole HTTP stack: every write
/// is either acknowledged (200/204) or refused with 412, the acknowledged ones form one chain of
/// ETags, and the stored task holds the last acknowledged title — nothing merged away silently.
@Suite struct APIRaceTests {
    /// One acknowledged write: the ETag it replaced, the one it produced, and its title.
    struct Acknowledged: Sendable, Hashable {
        var before: String
        var after: String
        var title: String
    }

    @Test(arguments: StoreKind.allCases) func apiPatchesAndDAVPutsNeverLoseAWrite(
        kind: StoreKind
    ) async throws {
        try await TestServer.run(kind) { server in
            let api = server.api("alice")
            let created = try await api.post(
                "/tasks", #"{"type":"to-do","title":"start","due":"2026-12-03"}"#)
            #expect(created.status == 201)
            let id = try #require(created.string("id"))
            let href = try #require(created.string("caldavHref"))
            let start = try #require(created.etag)

            let acknowledged = try await withThrowingTaskGroup(of: [Acknowledged].self) {
                group in
                for worker in 0..<12 {
                    group.addTask {
                        var mine: [Acknowledged] = []
                        for round in 0..<4 {
                            let title = "w\(worker) r\(round)"
                            // Read the current version the way each side does.
                            let object = try await server.dav("alice").get(href)
                            guard object.status == 200, let etag = object.headers[.eTag] else {
                                Issue.record("GET \(href): \(object.status)")
                                continue
                            }
                            if worker.isMultiple(of: 2) {
                                let reply = try await api.patch(
                                    "/tasks/\(id)", #"{"title":"\#(title)"}"#,
                                    headers: [("If-Match", etag)])
                                if reply.status == 200, let after = reply.etag {
                                    mine.append(.init(before: etag, after: after, title: title))
                                } else {
                                    #expect(reply.status == 412, "PATCH: \(reply.status)")
                                }
                            } else {
                                let text = object.text.replacingOccurrences(
                                    of: #"SUMMARY:[^\r\n]*"#, with: "SUMMARY:\(title)",
                                    options: .regularExpression)
                                let reply = try await server.dav("alice").put(
                                    href, text, headers: [("If-Match", etag)])
                                if reply.status == 204, let after = reply.headers[.eTag] {
                                    mine.append(.init(before: etag, after: after, title: title))
                                } else {
                                    #expect(reply.status == 412, "PUT: \(reply.status)")
                                }
                            }
                        }
                        return mine
                    }
                }
                var all: [Acknowledged] = []
                for try await writes in group { all += writes }
                return all
            }

            #expect(!acknowledged.isEmpty)
            var byBefore: [String: Acknowledged] = [:]
            for write in acknowledged {
                #expect(byBefore[write.before] == nil, "two writes acknowledged on one version")
                byBefore[write.before] = write
            }
            var etag = start
            var last: Acknowledged?
            var steps = 0
            while let next = byBefore[etag], steps <= acknowledged.count {
                etag = next.after
                last = next
                steps += 1
            }
            // Every acknowledged write is on the chain: none was overwritten without 412.
            #expect(steps == acknowledged.count)
            let final = try await api.get("/tasks/\(id)")
            #expect(final.etag == etag)
            #expect(final.string("title") == last?.title)
            let object = try await server.dav("alice").get(href)
            #expect(object.headers[.eTag] == etag)
            #expect(object.text.contains("SUMMARY:\(last?.title ?? "?")\r\n"))
        }
    }
}
