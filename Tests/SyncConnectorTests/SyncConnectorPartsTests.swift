import Foundation
import Testing

@testable import SyncConnector

@Suite struct RemoteMultiStatusTests {
    /// The shape of a Radicale 3 `sync-collection` answer: one change, one removal, a token.
    @Test func readsASyncCollectionAnswer() throws {
        let body = Array(
            """
            <?xml version='1.0' encoding='utf-8'?>
            <multistatus xmlns="DAV:"><response><href>/alice/work/a%20b.ics</href><propstat><prop>\
            <getetag>"abc"</getetag><resourcetype /></prop><status>HTTP/1.1 200 OK</status>\
            </propstat></response><response><href>http://127.0.0.1:5232/alice/work/gone.ics</href>\
            <status>HTTP/1.1 404 Not Found</status></response>\
            <sync-token>http://radicale.org/ns/sync/9f</sync-token></multistatus>
            """.utf8)
        let answer = try RemoteMultiStatus(parsing: body)
        #expect(answer.syncToken == "http://radicale.org/ns/sync/9f")
        #expect(answer.responses.count == 2)
        #expect(answer.responses[0].href == "/alice/work/a%20b.ics")
        #expect(answer.responses[0].etag == "\"abc\"")
        #expect(answer.responses[0].isCollection == false)
        #expect(answer.responses[1].href == "/alice/work/gone.ics")
        #expect(answer.responses[1].status == 404)
        #expect(answer.responses[1].etag == nil)
    }

    @Test func readsCalendarDataAndCTag() throws {
        let body = Array(
            """
            <D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" \
            xmlns:CS="http://calendarserver.org/ns/"><D:response><D:href>/c/</D:href><D:propstat>\
            <D:prop><CS:getctag>42</CS:getctag><D:resourcetype><D:collection/><C:calendar/>\
            </D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\
            <D:response><D:href>/c/x.ics</D:href><D:propstat><D:prop><D:getetag>"1"</D:getetag>\
            <C:calendar-data>BEGIN:VCALENDAR&#13;
            END:VCALENDAR&#13;
            </C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>\
            </D:response></D:multistatus>
            """.utf8)
        let answer = try RemoteMultiStatus(parsing: body)
        #expect(answer.responses[0].ctag == "42")
        #expect(answer.responses[0].isCollection)
        #expect(
            answer.responses[1].calendarData == Array("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8))
    }

    @Test func rejectsAnswersThatAreNotMultistatus() {
        #expect(throws: RemoteError(.badResponse, "")) {
            try RemoteMultiStatus(parsing: Array("<D:error xmlns:D=\"DAV:\"/>".utf8))
        }
        #expect(throws: RemoteError(.badResponse, "")) {
            try RemoteMultiStatus(parsing: Array("not xml".utf8))
        }
    }
}

@Suite struct HrefCodingTests {
    @Test func encodesAndDecodesSegments() {
        #expect(HrefCoding.encodeSegment("a b/é.ics") == "a%20b%2F%C3%A9.ics")
        #expect(HrefCoding.decodeSegment("a%20b%2F%C3%A9.ics") == "a b/é.ics")
        #expect(HrefCoding.decodeSegment("100%") == "100%")
        #expect(HrefCoding.path(of: "https://h:8/x/y.ics") == "/x/y.ics")
        #expect(HrefCoding.path(of: "/x/y.ics") == "/x/y.ics")
    }
}

@Suite struct SecretKeyTests {
    @Test func sealsAndOpensAndRefusesAnotherKey() throws {
        let key = SecretKey(text: String(repeating: "ab", count: 32))
        let sealed = try key.seal("app-password-1")
        #expect(sealed.count == 12 + 14 + 16)
        #expect(try key.open(sealed) == "app-password-1")
        #expect(try key.seal("app-password-1") != sealed)
        #expect(throws: ConnectorSecretError.self) {
            try SecretKey(text: "another key").open(sealed)
        }
        var altered = sealed
        altered[20] ^= 1
        #expect(throws: ConnectorSecretError.self) { try key.open(altered) }
    }

    @Test func createsTheKeyFileWithMode0600AndReusesIt() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SecretKey.load(dataDirectory: directory, environment: [:])
        let path = directory + "/secret.key"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == 32)
        let second = try SecretKey.load(dataDirectory: directory, environment: [:])
        #expect(try second.open(first.seal("x")) == "x")
        let fromEnvironment = try SecretKey.load(
            dataDirectory: directory, environment: ["CADENCE_SECRET_KEY": "env secret"])
        #expect(throws: ConnectorSecretError.self) {
            try fromEnvironment.open(first.seal("x"))
        }
    }
}

@Suite struct ModificationStampTests {
    @Test func prefersLastModifiedThenDTStamp() {
        #expect(ModificationStamp.of(event("a", "x", modified: 10)) == 1_767_261_600)
        let stampOnly = Array(
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:t\r\nDTSTAMP:20260101T000000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
                .utf8)
        #expect(ModificationStamp.of(stampOnly) == 1_767_225_600)
        #expect(ModificationStamp.of(Array("garbage".utf8)) == nil)
    }
}
