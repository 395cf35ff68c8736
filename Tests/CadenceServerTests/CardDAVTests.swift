import Foundation
import Testing
import WebDAV

@testable import CadenceServer

/// CardDAV (RFC 6352) end to end: discovery, address books, cards, queries, multiget with
/// conversion, sync, preconditions, and the CRM contacts behind `crm-contacts`.
@Suite struct CardDAVServerTests {
    static func book(_ user: String, _ name: String = "crm-contacts") -> String {
        "/caldav/addressbooks/\(user)/\(name)/"
    }

    static func card(
        uid: String, name: String, email: String? = nil, tel: String? = nil,
        extra: String = "", version: String = "3.0"
    ) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:\(version)", "UID:\(uid)", "FN:\(name)"]
        if version == "3.0" { lines.append("N:\(name);;;;") }
        if let email { lines.append("EMAIL;TYPE=INTERNET;TYPE=WORK:\(email)") }
        if let tel { lines.append("TEL;TYPE=CELL:\(tel)") }
        if !extra.isEmpty { lines.append(extra) }
        lines.append("END:VCARD")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static let vcard = "text/vcard; charset=utf-8"

    static func query(
        _ filter: String, props: String = "<D:getetag/><CR:address-data/>", limit: Int? = nil
    ) -> String {
        let limitXML = limit.map { "<CR:limit><CR:nresults>\($0)</CR:nresults></CR:limit>" } ?? ""
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <CR:addressbook-query xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
            <D:prop>\(props)</D:prop>\(filter)\(limitXML)</CR:addressbook-query>
            """
    }

    @Test(arguments: StoreKind.allCases) func discoveryAndAddressBookProperties(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let phone = server.dav("alice")
            let wellKnown = try await phone.propfind(
                "/.well-known/carddav", props: [.dav.currentUserPrincipal])
            #expect(wellKnown.status == 308)
            #expect(wellKnown.header("Location") == "/caldav/")
            let options = try await phone.request("OPTIONS", Paths.principal("alice"))
            #expect(options.header("DAV")?.contains("addressbook") == true)

            let principal = try await phone.propfind(
                Paths.principal("alice"), props: [.carddav("addressbook-home-set")])
            #expect(
                try principal.multiStatus().responses.first?.hrefs(.carddav("addressbook-home-set"))
                    == ["/caldav/addressbooks/alice/"])

            let home = try await phone.propfind(
                "/caldav/addressbooks/alice/", depth: "1",
                props: [
                    .dav.resourceType, .dav.displayName, .dav.syncToken, .cs("getctag"),
                    .carddav("supported-address-data"), .carddav("max-resource-size"),
                    .dav.supportedReportSet,
                ])
            #expect(home.status == 207)
            let listing = try home.multiStatus()
            let book = try #require(listing.response(Self.book("alice")))
            #expect(book.childNames(.dav.resourceType).contains(.carddav("addressbook")))
            #expect(book.property(.dav.displayName)?.text == "CRM Contacts")
            #expect(book.property(.dav.syncToken)?.text.hasPrefix("urn:cadence:sync:") == true)
            #expect(book.property(.cs("getctag")) != nil)
            #expect(book.property(.carddav("max-resource-size"))?.text == "65536")
            let types = book.property(.carddav("supported-address-data"))?.elements ?? []
            #expect(
                Set(types.compactMap { $0.attributes[XMLName("", "version")] }) == ["3.0", "4.0"])
            let reports =
                book.property(.dav.supportedReportSet).map { XMLWriter.fragment($0) } ?? ""
            #expect(reports.contains("addressbook-query"))
            #expect(reports.contains("addressbook-multiget"))
            #expect(reports.contains("sync-collection"))

            // The calendar home does not list address books, nor another user's tree answer.
            let calendars = try await phone.propfind(
                Paths.home("alice"), depth: "1", props: [.dav.resourceType])
            #expect(!(try calendars.multiStatus().hrefs.contains { $0.contains("crm-contacts") }))
            let other = try await phone.propfind(
                "/caldav/addressbooks/bob/", props: [.dav.resourceType])
            #expect(other.status == 404)
            #expect(try await phone.get(Self.book("bob") + "x.vcf").status == 404)
        }
    }

    @Test(arguments: StoreKind.allCases) func extendedMkcolPutGetAndPreconditions(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let phone = server.dav("alice")
            let mkcol = try await phone.request(
                "MKCOL", Self.book("alice", "family"),
                headers: [("Content-Type", "application/xml")],
                text: """
                    <?xml version="1.0" encoding="utf-8"?>
                    <D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
                    <D:set><D:prop><D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>
                    <D:displayname>Family</D:displayname>
                    <CR:addressbook-description>Relatives</CR:addressbook-description>
                    </D:prop></D:set></D:mkcol>
                    """)
            #expect(mkcol.status == 201)
            let props = try await phone.propfind(
                Self.book("alice", "family"),
                props: [.dav.displayName, .carddav("addressbook-description"), .dav.resourceType])
            let family = try #require(try props.multiStatus().responses.first)
            #expect(family.property(.dav.displayName)?.text == "Family")
            #expect(family.property(.carddav("addressbook-description"))?.text == "Relatives")
            // A nested address book is refused with its precondition.
            let nested = try await phone.request(
                "MKCOL", Self.book("alice", "family") + "sub/",
                headers: [("Content-Type", "application/xml")],
                text: """
                    <D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
                    <D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>
                    </D:prop></D:set></D:mkcol>
                    """)
            #expect(nested.status == 403 || nested.status == 409)

            let text = Self.card(
                uid: "u-1", name: "Ann Example", email: "ann@example.com",
                extra: "item1.X-ABLabel:Other\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg==")
            let path = Self.book("alice", "family") + "ann.vcf"
            let put = try await phone.put(path, text, contentType: Self.vcard)
            #expect(put.status == 201)
            let etag = try #require(put.header("ETag"))
            let get = try await phone.get(path)
            #expect(get.status == 200)
            #expect(get.text == text)
            #expect(get.header("ETag") == etag)
            #expect(get.header("Content-Type")?.hasPrefix("text/vcard") == true)
            // A stale If-Match is 412; the right one replaces.
            #expect(
                try await phone.put(
                    path, text, contentType: Self.vcard, headers: [("If-Match", "\"x\"")]
                )
                .status == 412)
            #expect(
                try await phone.put(
                    path, text, contentType: Self.vcard, headers: [("If-Match", etag)]
                )
                .status == 204)

            let invalid = try await phone.put(
                Self.book("alice", "family") + "bad.vcf",
                "BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n",
                contentType: Self.vcard)
            #expect(invalid.status == 403)
            #expect(invalid.errorCondition(.carddav("valid-address-data")) != nil)
            let two = try await phone.put(
                Self.book("alice", "family") + "two.vcf",
                Self.card(uid: "a", name: "A") + Self.card(uid: "b", name: "B"),
                contentType: Self.vcard)
            #expect(two.errorCondition(.carddav("valid-address-data")) != nil)
            let duplicate = try await phone.put(
                Self.book("alice", "family") + "copy.vcf", Self.card(uid: "u-1", name: "Copy"),
                contentType: Self.vcard)
            #expect(duplicate.status == 403)
            let conflict = try #require(duplicate.errorCondition(.carddav("no-uid-conflict")))
            #expect(conflict.elements.first?.text == path)
            let calendarData = try await phone.put(
                Self.book("alice", "family") + "x.vcf", ICS.event(uid: "e"),
                contentType: "text/calendar")
            #expect(calendarData.errorCondition(.carddav("supported-address-data")) != nil)
            let large = try await phone.put(
                Self.book("alice", "family") + "large.vcf",
                Self.card(
                    uid: "big", name: "Big", extra: "NOTE:" + String(repeating: "x", count: 70_000)),
                contentType: Self.vcard)
            #expect(large.status == 403 || large.status == 413)
            if large.status == 403 {
                #expect(large.errorCondition(.carddav("max-resource-size")) != nil)
            }
            // Deleting crm-contacts is refused; another address book goes.
            #expect(try await phone.delete(Self.book("alice")).status == 403)
            #expect(try await phone.delete(Self.book("alice", "family")).status == 204)
        }
    }

    @Test(arguments: StoreKind.allCases) func queryMultigetConversionAndSync(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let phone = server.dav("alice")
            let book = Self.book("alice")
            let initial = try await phone.syncCollection(book, token: "")
            let token = try #require(try initial.multiStatus().syncToken)
            for (index, person) in ["Ann", "Bob", "Cy"].enumerated() {
                let put = try await phone.put(
                    book + "\(person.lowercased()).vcf",
                    Self.card(
                        uid: "u-\(index)", name: "\(person) Example",
                        email: "\(person.lowercased())@example.com", tel: "+1 555 010\(index)",
                        extra: "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ"),
                    contentType: Self.vcard)
                #expect(put.status == 201)
            }
            // By e-mail, equals, case-insensitive by default.
            let byEmail = try await phone.report(
                book,
                Self.query(
                    #"<CR:filter><CR:prop-filter name="EMAIL"><CR:text-match match-type="equals">BOB@example.com</CR:text-match></CR:prop-filter></CR:filter>"#
                ))
            #expect(byEmail.status == 207)
            let found = try byEmail.multiStatus()
            #expect(found.hrefs == [book + "bob.vcf"])
            #expect(
                found.responses.first?.property(.carddav("address-data"))?.text.contains(
                    "FN:Bob Example") == true)
            // anyof / allof, starts-with, negation, param-filter, is-not-defined.
            let anyOf = try await phone.report(
                book,
                Self.query(
                    #"<CR:filter test="anyof"><CR:prop-filter name="FN"><CR:text-match match-type="starts-with">ann</CR:text-match></CR:prop-filter><CR:prop-filter name="TEL"><CR:text-match match-type="ends-with">0102</CR:text-match></CR:prop-filter></CR:filter>"#
                ))
            #expect(Set(try anyOf.multiStatus().hrefs) == [book + "ann.vcf", book + "cy.vcf"])
            let allOf = try await phone.report(
                book,
                Self.query(
                    #"<CR:filter test="allof"><CR:prop-filter name="FN"><CR:text-match>example</CR:text-match></CR:prop-filter><CR:prop-filter name="EMAIL"><CR:text-match negate-condition="yes">ann</CR:text-match></CR:prop-filter></CR:filter>"#
                ))
            #expect(Set(try allOf.multiStatus().hrefs) == [book + "bob.vcf", book + "cy.vcf"])
            let param = try await phone.report(
                book,
                Self.query(
                    #"<CR:filter><CR:prop-filter name="TEL"><CR:param-filter name="TYPE"><CR:text-match match-type="equals">cell</CR:text-match></CR:param-filter></CR:prop-filter></CR:filter>"#
                ))
            #expect(try param.multiStatus().hrefs.count == 3)
            let undefined = try await phone.report(
                book,
                Self.query(
                    #"<CR:filter><CR:prop-filter name="NICKNAME"><CR:is-not-defined/></CR:prop-filter></CR:filter>"#
                ))
            #expect(try undefined.multiStatus().hrefs.count == 3)
            let badCollation = try await phone.report(
                book,
                Self.query(
                    #"<CR:filter><CR:prop-filter name="FN"><CR:text-match collation="i;klingon">x</CR:text-match></CR:prop-filter></CR:filter>"#
                ))
            #expect(badCollation.status == 403)
            #expect(badCollation.errorCondition(.carddav("supported-collation")) != nil)
            // limit: the first matches and a 507 for the address book itself.
            let limited = try await phone.report(
                book,
                Self.query(
                    #"<CR:filter><CR:prop-filter name="FN"/></CR:filter>"#, props: "<D:getetag/>",
                    limit: 2))
            let truncated = try limited.multiStatus()
            #expect(truncated.responses.count == 3)
            #expect(truncated.response(book)?.status == 507)
            #expect(truncated.response(book)?.errors == [.dav.numberOfMatchesWithinLimits])

            // Multiget in vCard 4.0 with only some properties.
            let multiget = try await phone.report(
                book,
                """
                <CR:addressbook-multiget xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
                <D:prop><D:getetag/><CR:address-data content-type="text/vcard" version="4.0">
                <CR:prop name="FN"/><CR:prop name="PHOTO"/><CR:prop name="EMAIL"/></CR:address-data></D:prop>
                <D:href>\(book)ann.vcf</D:href><D:href>\(book)nobody.vcf</D:href>
                </CR:addressbook-multiget>
                """)
            let got = try multiget.multiStatus()
            #expect(got.response(book + "nobody.vcf")?.status == 404)
            let ann = try #require(
                got.response(book + "ann.vcf")?.property(.carddav("address-data"))?.text)
            #expect(ann.contains("VERSION:4.0"))
            #expect(ann.contains("PHOTO:data:image/jpeg;base64,/9j/4AAQ"))
            #expect(ann.contains("EMAIL;TYPE=work:ann@example.com"))
            #expect(!ann.contains("TEL"))
            let unsupported = try await phone.report(
                book,
                """
                <CR:addressbook-multiget xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
                <D:prop><CR:address-data content-type="application/vcard+json"/></D:prop>
                <D:href>\(book)ann.vcf</D:href></CR:addressbook-multiget>
                """)
            #expect(unsupported.errorCondition(.carddav("supported-address-data")) != nil)

            // Incremental sync: the three new cards, then one deletion.
            let changed = try await phone.syncCollection(book, token: token)
            let delta = try changed.multiStatus()
            #expect(Set(delta.hrefs) == [book + "ann.vcf", book + "bob.vcf", book + "cy.vcf"])
            #expect(try await phone.delete(book + "cy.vcf").status == 204)
            let after = try await phone.syncCollection(book, token: try #require(delta.syncToken))
            let removed = try after.multiStatus()
            #expect(removed.hrefs == [book + "cy.vcf"])
            #expect(removed.responses.first?.status == 404)
        }
    }

    @Test(arguments: StoreKind.allCases) func crmContactsFollowTheirCards(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let phone = server.dav("alice")
            let api = server.api("alice")
            let book = Self.book("alice")
            // A card made on the phone becomes a CRM contact.
            let text = Self.card(
                uid: "phone-1", name: "Dora Phone", email: "dora@example.com",
                extra:
                    "X-PHONE-ONLY:keep me\r\nitem1.URL:https://dora.example\r\nitem1.X-ABLabel:blog"
            )
            #expect(
                try await phone.put(book + "dora.vcf", text, contentType: Self.vcard).status == 201)
            let listed = try await api.get("/contacts")
            let dora = try #require(listed.items.first { $0["name"] == .string("Dora Phone") })
            let id = try #require(dora["id"]?.stringValue)
            #expect(dora["emails"]?[0]?["value"] == .string("dora@example.com"))
            #expect(dora["emails"]?[0]?["label"] == .string("work"))

            // The phone adds a number: the contact has it.
            let withTel = text.replacingOccurrences(
                of: "END:VCARD", with: "TEL;TYPE=CELL:+1 555 0199\r\nEND:VCARD")
            #expect(
                try await phone.put(book + "dora.vcf", withTel, contentType: Self.vcard).status
                    == 204)
            let read = try await api.get("/contacts/\(id)")
            #expect(read.json?["phones"]?[0]?["value"] == .string("+1 555 0199"))
            #expect(read.json?["phones"]?[0]?["label"] == .string("mobile"))

            // The CRM edits the company and the e-mail: only those lines change in the card.
            let etag = try #require(read.etag)
            let patched = try await api.patch(
                "/contacts/\(id)",
                #"{"company":"Dora & Co","emails":[{"label":"work","value":"dora@dora.example"}]}"#,
                headers: [("If-Match", etag)])
            #expect(patched.status == 200)
            let card = try await phone.get(book + "dora.vcf")
            #expect(card.text.contains("ORG:Dora & Co"))
            #expect(card.text.contains("EMAIL;TYPE=work:dora@dora.example"))
            #expect(!card.text.contains("dora@example.com"))
            #expect(card.text.contains("X-PHONE-ONLY:keep me"))
            #expect(card.text.contains("item1.URL:https://dora.example"))
            #expect(card.text.contains("item1.X-ABLABEL:blog"))
            #expect(card.text.contains("TEL;TYPE=CELL:+1 555 0199"))
            #expect(card.text.contains("UID:phone-1"))
            #expect(card.text.contains("X-CADENCE-CONTACT-ID:\(id)"))

            // A contact made in the CRM appears on the phone's next sync.
            let token = try #require(
                try await phone.syncCollection(book, token: "").multiStatus().syncToken)
            let created = try await api.post(
                "/contacts",
                #"{"name":"Eve Office","phones":[{"label":"work","value":"+1 555 0142"}]}"#)
            #expect(created.status == 201)
            let eveID = try #require(created.string("id"))
            let delta = try await phone.syncCollection(book, token: token)
            #expect(try delta.multiStatus().hrefs == [book + "\(eveID).vcf"])
            let eve = try await phone.get(book + "\(eveID).vcf")
            #expect(eve.text.contains("FN:Eve Office"))
            #expect(eve.text.contains("TEL;TYPE=work:+1 555 0142"))
            #expect(eve.text.contains("UID:\(eveID)"))

            // Deletes both ways.
            #expect(try await phone.delete(book + "dora.vcf").status == 204)
            #expect(try await api.get("/contacts/\(id)").status == 404)
            #expect(try await api.delete("/contacts/\(eveID)").status == 204)
            #expect(try await phone.get(book + "\(eveID).vcf").status == 404)
        }
    }
}

extension XMLName {
    static func carddav(_ local: String) -> XMLName { XMLName(XMLNamespace.cardDAV, local) }
}

extension JSONValue {
    /// The element at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let values) = self, values.indices.contains(index) else { return nil }
        return values[index]
    }
}
