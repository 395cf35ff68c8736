import Testing
import WebDAV

/// iOS/macOS (dataaccessd) from discovery to a second, incremental sync (STANDARDS.md).
@Suite struct AppleClientReplayTests {
    static let principalProps: [XMLName] = [
        .caldav("calendar-home-set"), .caldav("calendar-user-address-set"),
        .cs("email-address-set"), .caldav("schedule-inbox-URL"), .caldav("schedule-outbox-URL"),
        .dav.principalURL, .dav.name("resource-id"), .dav.supportedReportSet, .dav.displayName,
        .dav.currentUserPrincipal, .cs("dropbox-home-URL"), .cs("notification-URL"),
        .dav.principalCollectionSet,
    ]

    /// What dataaccessd asks of the home at Depth 1 (forty properties).
    static let homeProps: [XMLName] = [
        .dav.name("add-member"), .dav.currentUserPrivilegeSet, .dav.displayName, .dav.owner,
        .dav.quotaAvailableBytes, .dav.quotaUsedBytes, .dav.name("resource-id"),
        .dav.resourceType, .dav.syncToken, .dav.supportedReportSet, .dav.getETag,
        .apple("calendar-color"), .apple("calendar-order"), .apple("language-code"),
        .apple("location-code"), .apple("autoprovisioned"), .apple("refreshrate"),
        .caldav("calendar-description"), .caldav("calendar-free-busy-set"),
        .caldav("calendar-timezone"), .caldav("schedule-calendar-transp"),
        .caldav("schedule-default-calendar-URL"), .caldav("supported-calendar-component-set"),
        .caldav("supported-calendar-component-sets"), .caldav("supported-calendar-data"),
        .caldav("max-resource-size"), .caldav("calendar-timezone-id"), .cs("getctag"),
        .cs("allowed-sharing-modes"), .cs("invite"), .cs("me-card"), .cs("publish-url"),
        .cs("push-transports"), .cs("pushkey"), .cs("source"), .cs("subscribed-strip-alarms"),
        .cs("subscribed-strip-attachments"), .cs("subscribed-strip-todos"),
        .cs("pre-publish-url"), .cs("shared-url"),
    ]

    @Test(arguments: StoreKind.allCases) func discoveryToIncrementalSync(store: StoreKind)
        async throws
    {
        #expect(Self.homeProps.count == 40)
        try await TestServer.run(store) { server in
            let ios = server.dav("alice")
            let brief = [("Brief", "t"), ("Prefer", "return=minimal")]

            let wellKnown = try await ios.propfind(
                "/.well-known/caldav", props: [.dav.currentUserPrincipal], headers: brief)
            #expect(wellKnown.status == 308)
            #expect(wellKnown.header("Location") == "/caldav/")

            let root = try await ios.propfind(
                "/caldav/", props: [.dav.currentUserPrincipal], headers: brief)
            #expect(root.status == 207)
            #expect(
                try root.multiStatus().responses.first?.hrefs(.dav.currentUserPrincipal)
                    == [Paths.principal("alice")])

            let options = try await ios.request("OPTIONS", Paths.principal("alice"))
            #expect(options.status == 200)
            let dav = options.header("DAV") ?? ""
            #expect(dav.contains("calendar-access"))
            #expect(dav.split(separator: ",").first?.trimmingCharacters == "1")
            let allow = Set(
                (options.header("Allow") ?? "").split(separator: ",").map(\.trimmingCharacters))
            #expect(allow.isSuperset(of: ["PROPFIND", "REPORT", "PUT", "DELETE", "OPTIONS"]))

            for path in ["/", "/caldav/", Paths.home("alice"), Paths.calendar("alice")] {
                let reply = try await ios.request("OPTIONS", path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.header("DAV") == options.header("DAV"), "\(path)")
            }

            let principal = try await ios.propfind(
                Paths.principal("alice"), props: Self.principalProps, headers: brief)
            #expect(principal.status == 207)
            let me = try #require(try principal.multiStatus().responses.first)
            #expect(me.href == Paths.principal("alice"))
            #expect(me.propStats.map(\.status) == [200])
            #expect(me.hrefs(.caldav("calendar-home-set")) == [Paths.home("alice")])
            #expect(me.hrefs(.dav.principalURL) == [Paths.principal("alice")])
            #expect(me.hrefs(.dav.currentUserPrincipal) == [Paths.principal("alice")])
            #expect(
                me.hrefs(.caldav("calendar-user-address-set"))
                    == ["mailto:alice@example.com", Paths.principal("alice")])
            #expect(me.property(.dav.displayName)?.text == "Alice")
            #expect(Set(me.statuses.keys).isSubset(of: Set(Self.principalProps)))

            // The home at Depth 1, without Brief: every asked property is 200 or a listed 404.
            let home = try await ios.propfind(
                Paths.home("alice"), depth: "1", props: Self.homeProps)
            #expect(home.status == 207)
            let listing = try home.multiStatus()
            #expect(listing.hrefs == [Paths.home("alice"), Paths.calendar("alice")])
            for response in listing.responses {
                let statuses = response.statuses
                #expect(Set(statuses.keys) == Set(Self.homeProps), "\(response.href)")
                #expect(
                    statuses.values.allSatisfy { $0 == 200 || $0 == 404 }, "\(response.href)")
            }
            let calendar = try #require(listing.response(Paths.calendar("alice")))
            #expect(
                calendar.childNames(.dav.resourceType) == [.dav.collection, .caldav("calendar")])
            #expect(calendar.property(.dav.displayName)?.text == "CRM Tasks")
            #expect(calendar.hrefs(.dav.owner) == [Paths.principal("alice")])
            let components = calendar.property(.caldav("supported-calendar-component-set"))?
                .elements.compactMap { $0.attributes[XMLName("", "name")] }
            #expect(components == ["VEVENT", "VTODO"])
            let privileges = calendar.property(.dav.currentUserPrivilegeSet)?.elements
                .flatMap(\.elements).map(\.name)
            #expect(privileges?.contains(.dav.name("write")) == true)
            #expect(privileges?.contains(.dav.name("read")) == true)
            #expect(calendar.status(of: .cs("getctag")) == 200)
            #expect(calendar.status(of: .dav.syncToken) == 200)
            #expect(calendar.property(.caldav("max-resource-size"))?.text == "65536")
            let reports = Set(
                calendar.property(.dav.supportedReportSet)?.elements.compactMap {
                    $0.first(.dav.name("report"))?.elements.first?.name
                } ?? [])
            #expect(
                reports.isSuperset(of: [
                    .dav.syncCollection, .caldav("calendar-multiget"), .caldav("calendar-query"),
                    .caldav("free-busy-query"),
                ]))
            let ctag = try #require(calendar.property(.cs("getctag"))?.text)

            // Seed one event, then the first sync lists it with its ETag.
            let first = try await ios.put(
                Paths.object("alice", "crm-tasks", "A1.ics"), ICS.event(uid: "A1"),
                headers: [("If-None-Match", "*")])
            #expect(first.status == 201)
            let firstETag = try #require(first.header("ETag"))
            #expect(firstETag.hasPrefix("\"") && firstETag.hasSuffix("\""))
            let sync1 = try await ios.syncCollection(
                Paths.calendar("alice"), token: "", props: [.dav.getETag, .dav.getContentType])
            #expect(sync1.status == 207)
            let initial = try sync1.multiStatus()
            #expect(initial.hrefs == [Paths.object("alice", "crm-tasks", "A1.ics")])
            #expect(initial.responses.first?.property(.dav.getETag)?.text == firstETag)
            #expect(
                initial.responses.first?.property(.dav.getContentType)?.text
                    == "text/calendar; charset=utf-8; component=vevent")
            let token1 = try #require(initial.syncToken)

            let created = try await ios.put(
                Paths.object("alice", "crm-tasks", "B2.ics"), ICS.event(uid: "B2", summary: "New"),
                headers: [("If-None-Match", "*")])
            #expect(created.status == 201)
            let secondETag = try #require(created.header("ETag"))

            let sync2 = try await ios.syncCollection(Paths.calendar("alice"), token: token1)
            let incremental = try sync2.multiStatus()
            #expect(incremental.hrefs == [Paths.object("alice", "crm-tasks", "B2.ics")])
            #expect(incremental.responses.first?.property(.dav.getETag)?.text == secondETag)
            #expect(incremental.syncToken != token1)

            let after = try await ios.propfind(Paths.calendar("alice"), props: [.cs("getctag")])
            #expect(try after.multiStatus().responses.first?.property(.cs("getctag"))?.text != ctag)

            // Renaming and recolouring from Calendar.app.
            let patch = try await ios.proppatch(
                Paths.calendar("alice"),
                set: [
                    XMLElement(.dav.displayName, text: "Work"),
                    XMLElement(.apple("calendar-color"), text: "#FF2968FF"),
                    XMLElement(.apple("calendar-order"), text: "3"),
                ])
            #expect(patch.status == 207)
            #expect(
                try patch.multiStatus().responses.first?.propStats.map(\.status) == [200])
            let renamed = try await ios.propfind(
                Paths.calendar("alice"),
                props: [.dav.displayName, .apple("calendar-color"), .apple("calendar-order")])
            let values = try #require(try renamed.multiStatus().responses.first)
            #expect(values.property(.dav.displayName)?.text == "Work")
            #expect(values.property(.apple("calendar-color"))?.text == "#FF2968FF")
            #expect(values.property(.apple("calendar-order"))?.text == "3")
        }
    }
}

extension Substring {
    /// Without surrounding spaces (header list items).
    var trimmingCharacters: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
