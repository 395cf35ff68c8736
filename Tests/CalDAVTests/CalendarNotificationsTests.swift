import CalDAV
import Testing
import WebDAV

/// The CalendarServer sharing documents without HTTP: `CS:invite-reply` as macOS sends it,
/// the `CS:notification` documents the server stores, `CS:shared-as`.
@Suite struct CalendarNotificationsTests {
    static func parse(_ text: String) throws -> XMLElement {
        try XMLReader.parse(Array(text.utf8))
    }

    static let cs = XMLNamespace.calendarServer

    @Test func macOSInviteReplyParses() throws {
        let root = try Self.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <C:invite-reply xmlns:C="http://calendarserver.org/ns/">
              <A:href xmlns:A="DAV:">mailto:alice@example.com</A:href>
              <C:invite-accepted/>
              <C:hosturl><A:href xmlns:A="DAV:"> /caldav/calendars/alice/work/ </A:href></C:hosturl>
              <C:in-reply-to>share-3-7</C:in-reply-to>
              <C:summary>Work</C:summary>
            </C:invite-reply>
            """)
        let reply = try #require(try InviteReply(root))
        #expect(reply.accepted)
        #expect(reply.hostURL == "/caldav/calendars/alice/work/")
        #expect(reply.inReplyTo == "share-3-7")
        #expect(reply.summary == "Work")
        #expect(reply.sharee == "mailto:alice@example.com")
    }

    @Test func otherBodiesAreNotReplies() throws {
        #expect(
            try InviteReply(Self.parse("<C:share xmlns:C=\"http://calendarserver.org/ns/\"/>"))
                == nil)
        #expect(try InviteReply(Self.parse("<D:propfind xmlns:D=\"DAV:\"/>")) == nil)
    }

    @Test(arguments: [
        // No host URL.
        "<C:invite-reply xmlns:C=\"http://calendarserver.org/ns/\"><C:invite-accepted/></C:invite-reply>",
        // An empty one.
        "<C:invite-reply xmlns:C=\"http://calendarserver.org/ns/\" xmlns:D=\"DAV:\"><C:invite-declined/><C:hosturl><D:href> </D:href></C:hosturl></C:invite-reply>",
        // Neither answer.
        "<C:invite-reply xmlns:C=\"http://calendarserver.org/ns/\" xmlns:D=\"DAV:\"><C:hosturl><D:href>/x/</D:href></C:hosturl></C:invite-reply>",
        // Both answers.
        "<C:invite-reply xmlns:C=\"http://calendarserver.org/ns/\" xmlns:D=\"DAV:\"><C:invite-accepted/><C:invite-declined/><C:hosturl><D:href>/x/</D:href></C:hosturl></C:invite-reply>",
    ])
    func badRepliesAre400(_ text: String) throws {
        let root = try Self.parse(text)
        #expect(throws: DAVError.self) { _ = try InviteReply(root) }
        do {
            _ = try InviteReply(root)
        } catch {
            #expect(error.status == 400)
        }
    }

    @Test func invitationDocument() throws {
        let invite = InviteNotification(
            uid: "share-3-7", sharee: "mailto:bob@example.com", status: .noResponse,
            hostURL: "/caldav/calendars/alice/work/", organizer: "mailto:alice@example.com",
            organizerName: "Alice <&> Co", readWrite: true, summary: "Work",
            supportedComponents: ["VEVENT", "VTODO"])
        let root = try XMLReader.parse(invite.document(at: 1_796_610_645))
        #expect(root.name == XMLName(Self.cs, "notification"))
        #expect(root.first(XMLName(Self.cs, "dtstamp"))?.trimmedText == "20261207T023045Z")
        let body = try #require(root.first(XMLName(Self.cs, "invite-notification")))
        #expect(body.attributes[XMLName("", "shared-type")] == "calendar")
        #expect(body.first(XMLName(Self.cs, "uid"))?.trimmedText == "share-3-7")
        #expect(body.first(XMLName(Self.cs, "invite-noresponse")) != nil)
        #expect(
            body.first(XMLName(Self.cs, "organizer"))?.first(XMLName(Self.cs, "common-name"))?
                .trimmedText == "Alice <&> Co")
        #expect(
            body.first(XMLName(Self.cs, "access"))?.elements.map(\.name)
                == [XMLName(Self.cs, "read-write")])
        let components = body.first(.calDAV.name("supported-calendar-component-set"))?.elements
            .compactMap { $0.attributes[XMLName("", "name")] }
        #expect(components == ["VEVENT", "VTODO"])
    }

    @Test func replyDocumentAndSharedAs() throws {
        let reply = InviteReply(
            sharee: nil, accepted: false, hostURL: "/caldav/calendars/alice/work/",
            inReplyTo: "share-3-7", summary: nil)
        let root = try XMLReader.parse(
            reply.document(sharee: "mailto:bob@example.com", shareeName: "Bob", at: 0))
        #expect(root.first(XMLName(Self.cs, "dtstamp"))?.trimmedText == "19700101T000000Z")
        let body = try #require(root.first(XMLName(Self.cs, "invite-reply")))
        #expect(body.first(.dav.href)?.trimmedText == "mailto:bob@example.com")
        #expect(body.first(XMLName(Self.cs, "invite-declined")) != nil)
        #expect(body.first(XMLName(Self.cs, "in-reply-to"))?.trimmedText == "share-3-7")
        #expect(body.first(XMLName(Self.cs, "common-name"))?.trimmedText == "Bob")
        let sharedAs = try XMLReader.parse(InviteReply.sharedAs("/caldav/calendars/bob/x/"))
        #expect(sharedAs.name == XMLName(Self.cs, "shared-as"))
        #expect(sharedAs.first(.dav.href)?.trimmedText == "/caldav/calendars/bob/x/")
    }
}
