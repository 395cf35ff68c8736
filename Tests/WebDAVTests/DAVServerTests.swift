import Testing
import WebDAV

/// The engine over a plain in-memory tree: the RFC 4918 behaviour litmus checks, without HTTP.
@Suite struct DAVServerTests {
    let backend = MemoryBackend()
    let server = DAVServer(
        methods: [
            OptionsMethod(), PropFindMethod(), PropPatchMethod(), GetMethod(),
            GetMethod(headOnly: true),
            PutMethod(), DeleteMethod(), MkcolMethod(), TransferMethod(move: false),
            TransferMethod(move: true),
            ReportMethod(),
        ],
        providers: [WebDAVPropertyProvider(principalCollections: [DAVPath("/principals/")!])],
        reports: [SyncCollectionReport()], complianceClasses: "1, 3, access-control")

    func send(
        _ method: String, _ path: String, headers: [String: String] = [:], body: String = ""
    ) async -> DAVResponse {
        let request = DAVRequest(
            method: method, path: DAVPath(path)!, headers: headers, body: Array(body.utf8))
        let context = DAVContext(
            userName: "ann", principal: DAVPath("/principals/ann/")!, request: request)
        let response = await server.handle(request, context: context, backend: backend)
        // Streamed bodies (PROPFIND Depth 1, REPORTs) are read whole here.
        return (try? await response.collected()) ?? response
    }

    func multistatus(_ response: DAVResponse) throws -> XMLElement {
        #expect(response.status == 207)
        return try XMLReader.parse(response.body)
    }

    @Test func optionsAdvertisesClassesAndMethods() async {
        let response = await send("OPTIONS", "/anything/")
        #expect(response.status == 200)
        #expect(response.header("DAV") == "1, 3, access-control")
        let allow = response.header("Allow") ?? ""
        for method in ["PROPFIND", "REPORT", "PUT", "MKCOL", "COPY", "MOVE"] {
            #expect(allow.contains(method))
        }
    }

    @Test func putGetDeleteWithETags() async throws {
        let created = await send("PUT", "/a.txt", headers: ["If-None-Match": "*"], body: "hello")
        #expect(created.status == 201)
        let etag = try #require(created.header("ETag"))
        #expect(etag.hasPrefix("\""))
        let again = await send("PUT", "/a.txt", headers: ["If-None-Match": "*"], body: "other")
        #expect(again.status == 412)
        let stale = await send("PUT", "/a.txt", headers: ["If-Match": "\"nope\""], body: "other")
        #expect(stale.status == 412)
        let updated = await send("PUT", "/a.txt", headers: ["If-Match": etag], body: "hello, world")
        #expect(updated.status == 204)
        let get = await send("GET", "/a.txt")
        #expect(get.status == 200)
        #expect(String(decoding: get.body, as: UTF8.self) == "hello, world")
        #expect(get.header("ETag") == updated.header("ETag"))
        let head = await send("HEAD", "/a.txt")
        #expect(head.body.isEmpty && head.header("Content-Length") == "12")
        let notModified = await send(
            "GET", "/a.txt", headers: ["If-None-Match": updated.header("ETag")!])
        #expect(notModified.status == 304)
        #expect(await send("DELETE", "/a.txt", headers: ["If-Match": etag]).status == 412)
        #expect(await send("DELETE", "/a.txt").status == 204)
        #expect(await send("GET", "/a.txt").status == 404)
        #expect(await send("PUT", "/missing/a.txt", body: "x").status == 409)
    }

    @Test func mkcolRules() async throws {
        #expect(await send("MKCOL", "/coll/").status == 201)
        #expect(await send("MKCOL", "/coll/").status == 405)
        #expect(await send("MKCOL", "/nope/sub/").status == 409)
        #expect(
            await send("MKCOL", "/junk/", headers: ["Content-Type": "text/plain"], body: "junk")
                .status == 415)
        let extended = """
            <D:mkcol xmlns:D="DAV:"><D:set><D:prop><D:displayname>Files</D:displayname></D:prop></D:set></D:mkcol>
            """
        #expect(
            await send(
                "MKCOL", "/files/", headers: ["Content-Type": "application/xml"], body: extended
            ).status == 201)
        let list = try multistatus(
            await send(
                "PROPFIND", "/files/", headers: ["Depth": "0"], body: propfind(["displayname"])))
        #expect(
            list.first(.dav.response)?.first(.dav.propstat)?.first(.dav.prop)?.first(
                .dav.displayName)?.text == "Files")
    }

    func propfind(_ names: [String]) -> String {
        "<D:propfind xmlns:D=\"DAV:\"><D:prop>" + names.map { "<D:\($0)/>" }.joined()
            + "</D:prop></D:propfind>"
    }

    @Test func propfindDepthAndUnknownProperties() async throws {
        _ = await send("MKCOL", "/c/")
        _ = await send("PUT", "/c/x.txt", body: "x")
        let infinity = await send(
            "PROPFIND", "/c/", headers: ["Depth": "infinity"], body: propfind(["getetag"]))
        #expect(infinity.status == 403)
        #expect(String(decoding: infinity.body, as: UTF8.self).contains("propfind-finite-depth"))
        let body = propfind(["getetag", "resourcetype", "current-user-principal"]).replacingFirst(
            "</D:prop>", with: "<X:unknown xmlns:X=\"urn:x\"/></D:prop>")
        let tree = try multistatus(
            await send("PROPFIND", "/c/", headers: ["Depth": "1"], body: body))
        let responses = tree.all(.dav.response)
        #expect(responses.map { $0.first(.dav.href)?.text } == ["/c/", "/c/x.txt"])
        let member = responses[1]
        let statuses = member.all(.dav.propstat).map { $0.first(.dav.status)?.text }
        #expect(statuses == ["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"])
        let notFound = member.all(.dav.propstat)[1].first(.dav.prop)!.elements.map(\.name)
        #expect(notFound == [XMLName("urn:x", "unknown")])
        #expect(
            member.first(.dav.propstat)?.first(.dav.prop)?.first(.dav.currentUserPrincipal)?.first(
                .dav.href)?.text
                == "/principals/ann/")
        // Prefer: return=minimal leaves out the 404s.
        let minimal = try multistatus(
            await send(
                "PROPFIND", "/c/x.txt", headers: ["Depth": "0", "Prefer": "return=minimal"],
                body: body))
        #expect(minimal.first(.dav.response)?.all(.dav.propstat).count == 1)
        // An empty body is allprop; propname lists names only.
        let all = try multistatus(await send("PROPFIND", "/c/x.txt", headers: ["Depth": "0"]))
        let allNames =
            all.first(.dav.response)?.first(.dav.propstat)?.first(.dav.prop)?.elements.map(\.name)
            ?? []
        #expect(allNames.contains(.dav.getETag) && allNames.contains(.dav.getContentLength))
        #expect(!allNames.contains(.dav.currentUserPrivilegeSet))
        #expect(await send("PROPFIND", "/c/", headers: ["Depth": "0"], body: "<bad").status == 400)
        #expect(await send("PROPFIND", "/none/", headers: ["Depth": "0"]).status == 404)
    }

    @Test func proppatchIsAllOrNothing() async throws {
        _ = await send("MKCOL", "/p/")
        let body = """
            <D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z">
            <D:set><D:prop><Z:color>red</Z:color><D:getetag>"x"</D:getetag></D:prop></D:set></D:propertyupdate>
            """
        let failed = try multistatus(await send("PROPPATCH", "/p/", body: body))
        let statuses =
            failed.first(.dav.response)?.all(.dav.propstat).compactMap {
                $0.first(.dav.status)?.text
            } ?? []
        #expect(statuses.sorted() == ["HTTP/1.1 403 Forbidden", "HTTP/1.1 424 Failed Dependency"])
        let read = try multistatus(
            await send(
                "PROPFIND", "/p/", headers: ["Depth": "0"],
                body:
                    "<D:propfind xmlns:D=\"DAV:\"><D:prop><Z:color xmlns:Z=\"urn:z\"/></D:prop></D:propfind>"
            ))
        #expect(
            read.first(.dav.response)?.first(.dav.propstat)?.first(.dav.status)?.text
                == "HTTP/1.1 404 Not Found")
        let good = body.replacingFirst("<D:getetag>\"x\"</D:getetag>", with: "")
        _ = try multistatus(await send("PROPPATCH", "/p/", body: good))
        let again = try multistatus(
            await send(
                "PROPFIND", "/p/", headers: ["Depth": "0"],
                body:
                    "<D:propfind xmlns:D=\"DAV:\"><D:prop><Z:color xmlns:Z=\"urn:z\"/></D:prop></D:propfind>"
            ))
        #expect(
            again.first(.dav.response)?.first(.dav.propstat)?.first(.dav.prop)?.first(
                XMLName("urn:z", "color"))?.text == "red")
    }

    @Test func copyAndMove() async throws {
        _ = await send("MKCOL", "/src/")
        _ = await send("PUT", "/src/a.txt", body: "A")
        #expect(
            await send("COPY", "/src/", headers: ["Destination": "http://localhost/dst/"]).status
                == 201)
        #expect(String(decoding: await send("GET", "/dst/a.txt").body, as: UTF8.self) == "A")
        #expect(
            await send("COPY", "/src/", headers: ["Destination": "/dst/", "Overwrite": "F"]).status
                == 412)
        #expect(
            await send("COPY", "/src/", headers: ["Destination": "/dst/", "Overwrite": "T"]).status
                == 204)
        #expect(
            await send("MOVE", "/src/a.txt", headers: ["Destination": "/dst/b.txt"]).status == 201)
        #expect(await send("GET", "/src/a.txt").status == 404)
        #expect(await send("MOVE", "/dst/", headers: ["Destination": "/dst/inner/"]).status == 409)
        #expect(
            await send("COPY", "/dst/b.txt", headers: ["Destination": "/nowhere/b.txt"]).status
                == 409)
        #expect(await send("COPY", "/dst/b.txt").status == 400)
    }

    @Test func reportsAndSync() async throws {
        _ = await send("MKCOL", "/cal/")
        _ = await send("PUT", "/cal/1.txt", body: "1")
        _ = await send("PUT", "/cal/2.txt", body: "2")
        let unknown = await send("REPORT", "/cal/", body: "<X:whatever xmlns:X=\"urn:x\"/>")
        #expect(unknown.status == 403)
        let initial =
            "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"
        let first = try multistatus(await send("REPORT", "/cal/", body: initial))
        #expect(
            first.all(.dav.response).compactMap { $0.first(.dav.href)?.text }.sorted() == [
                "/cal/1.txt", "/cal/2.txt",
            ])
        let token = try #require(first.first(.dav.syncToken)?.text)
        let nothing = try multistatus(
            await send(
                "REPORT", "/cal/",
                body: initial.replacingFirst(
                    "<D:sync-token/>", with: "<D:sync-token>\(token)</D:sync-token>")))
        #expect(nothing.all(.dav.response).isEmpty)
        _ = await send("DELETE", "/cal/1.txt")
        _ = await send("PUT", "/cal/3.txt", body: "3")
        let delta = try multistatus(
            await send(
                "REPORT", "/cal/",
                body: initial.replacingFirst(
                    "<D:sync-token/>", with: "<D:sync-token>\(token)</D:sync-token>")))
        let responses = delta.all(.dav.response)
        #expect(responses.count == 2)
        #expect(
            responses.first { $0.first(.dav.href)?.text == "/cal/1.txt" }?.first(.dav.status)?.text
                == "HTTP/1.1 404 Not Found")
        let bad = await send(
            "REPORT", "/cal/",
            body: initial.replacingFirst(
                "<D:sync-token/>", with: "<D:sync-token>urn:sync:999</D:sync-token>"))
        #expect(bad.status == 403)
        #expect(String(decoding: bad.body, as: UTF8.self).contains("valid-sync-token"))
        let limited = try multistatus(
            await send(
                "REPORT", "/cal/",
                body: initial.replacingFirst(
                    "<D:sync-level>",
                    with: "<D:limit><D:nresults>1</D:nresults></D:limit><D:sync-level>")))
        let limitedResponses = limited.all(.dav.response)
        #expect(limitedResponses.count == 2)
        #expect(
            limitedResponses.last?.first(.dav.status)?.text == "HTTP/1.1 507 Insufficient Storage")
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
