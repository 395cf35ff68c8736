import CalDAV
import Storage
import Testing
import WebDAV

@testable import Groupware

/// Whole-calendar reads (an export, a query without a time range) go through the store a page
/// at a time and still see every object once, in name order.
@Suite struct CalendarPagingTests {
    @Test func pagesCoverTheCalendarOnceInOrder() async throws {
        let store = InMemoryStore()
        let user = try await store.createUser(
            NewUser(name: "ann", email: "ann@example.com", displayName: "Ann", passwordHash: "x"))
        let record = try await store.createCollection(
            ownerID: user.id, NewCollection(path: "work", kind: .calendar))
        let count = 1_203
        for index in 0..<count {
            let uid = "u\(index)"
            let type = index % 4 == 3 ? "VTODO" : "VEVENT"
            _ = try await store.putObject(
                ObjectWrite(
                    name: "obj-\(index).ics",
                    data: Array(
                        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:\(type)\r\nUID:\(uid)\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250101T000000Z\r\nEND:\(type)\r\nEND:VCALENDAR\r\n"
                            .utf8),
                    contentType: "text/calendar",
                    index: ObjectIndex(componentType: type, uid: uid)),
                collectionID: record.id, precondition: .none)
        }
        let backend = GroupwareBackend(store: store, user: user)
        let calendar = StoredCalendar(record: record, userName: "ann", maxResourceSize: 1 << 20)
        for component: String? in [nil, "VTODO"] {
            var names: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await backend.calendarObjects(
                    in: calendar, component: component, range: nil, after: cursor, limit: 500)
                names += page.objects.map { $0.resource.path.segments.last ?? "" }
                #expect(page.objects.allSatisfy { !$0.data.isEmpty })
                cursor = page.next
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            let expected = (0..<count).filter { component == nil || $0 % 4 == 3 }
                .map { "obj-\($0).ics" }.sorted()
            #expect(names == expected)
        }
        // A Depth 1 listing pages the same way, without bodies.
        var members: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await backend.members(of: calendar, after: cursor, limit: 500)
            members += page.members.map { $0.path.segments.last ?? "" }
            #expect(page.members.allSatisfy { ($0 as? StoredCalendarObject)?.record.data == nil })
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(members == (0..<count).map { "obj-\($0).ics" }.sorted())
        // The export streams the same objects: one VCALENDAR with every component.
        let exported = try #require(try await backend.streamedRepresentation(of: calendar))
        let text = String(decoding: try await exported.stream.collect(), as: UTF8.self)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(text.components(separatedBy: "BEGIN:VEVENT\r\n").count - 1 == count - count / 4)
        #expect(text.components(separatedBy: "BEGIN:VTODO\r\n").count - 1 == count / 4)
        #expect(text.components(separatedBy: "BEGIN:VCALENDAR").count - 1 == 1)
    }
}
