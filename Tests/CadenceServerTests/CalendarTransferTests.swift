import CadenceServer
import Foundation
import Storage
import Testing

/// `cadence export` and `cadence import` (issue 7): a calendar exported and imported into an
/// empty calendar gives the same objects; an import splits by UID, validates like a PUT, writes
/// through the same path (CRM tasks, sync log) and reports what it skipped and why.
@Suite struct CalendarTransferTests {
    static let calendar = "/caldav/calendars/alice/crm-tasks/"
    static let copy = "/caldav/calendars/alice/copy/"

    static let berlin = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:STANDARD", "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
        "TZNAME:CET", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "TZNAME:CEST", "END:DAYLIGHT", "END:VTIMEZONE",
    ]

    /// The objects of the round trip: two using one VTIMEZONE (one recurring with an
    /// override), a plain event with an alarm, a to-do.
    static let objects: [(name: String, text: String)] = [
        (
            "weekly.ics",
            ICS.calendar(
                berlin + [
                    "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z",
                    "DTSTART;TZID=Europe/Berlin:20260302T090000",
                    "DTEND;TZID=Europe/Berlin:20260302T093000", "RRULE:FREQ=WEEKLY;COUNT=10",
                    "SUMMARY:Stand-up", "END:VEVENT",
                    "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z",
                    "RECURRENCE-ID;TZID=Europe/Berlin:20260309T090000",
                    "DTSTART;TZID=Europe/Berlin:20260309T100000",
                    "DTEND;TZID=Europe/Berlin:20260309T103000", "SUMMARY:Stand-up (moved)",
                    "END:VEVENT",
                ])
        ),
        (
            "review.ics",
            ICS.calendar(
                berlin + [
                    "BEGIN:VEVENT", "UID:review", "DTSTAMP:20260101T000000Z",
                    "DTSTART;TZID=Europe/Berlin:20260304T140000",
                    "DTEND;TZID=Europe/Berlin:20260304T150000", "SUMMARY:Review; with\\, commas",
                    "X-CUSTOM;X-PARAM=1:kept as is", "END:VEVENT",
                ])
        ),
        (
            "alarm.ics",
            ICS.calendar([
                "BEGIN:VEVENT", "UID:alarm", "DTSTAMP:20260101T000000Z",
                "DTSTART:20260305T100000Z", "DTEND:20260305T110000Z", "SUMMARY:With alarm",
                "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Soon", "TRIGGER:-PT15M",
                "END:VALARM", "END:VEVENT",
            ])
        ),
        (
            "todo.ics",
            ICS.calendar([
                "BEGIN:VTODO", "UID:todo", "DTSTAMP:20260101T000000Z", "DUE:20260306T170000Z",
                "SUMMARY:Call Ada", "END:VTODO",
            ])
        ),
    ]

    /// An object's text without the calendar-level lines that an import writes itself.
    static func components(_ text: String) -> [Substring] {
        text.split(separator: "\r\n").filter {
            !$0.hasPrefix("PRODID:") && !$0.hasPrefix("VERSION:") && !$0.hasPrefix("CALSCALE:")
        }
    }

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-export-\(UUID().uuidString)").path
    }

    @Test(arguments: StoreKind.allCases)
    func exportThenImportGivesTheSameObjects(_ kind: StoreKind) async throws {
        try await TestServer.run(kind) { server in
            let alice = server.dav("alice")
            for object in Self.objects {
                #expect(try await alice.put(Self.calendar + object.name, object.text).status == 201)
            }
            let directory = Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let transfer = CalendarTransfer(
                store: server.store, configuration: TestServer.configuration)
            let lines = try await transfer.export(user: "alice", to: directory)
            #expect(lines.count == 1)
            let file = (directory as NSString).appendingPathComponent("crm-tasks.ics")
            let exported = try String(contentsOfFile: file, encoding: .utf8)
            #expect(exported.components(separatedBy: "BEGIN:VCALENDAR").count == 2)
            #expect(exported.components(separatedBy: "BEGIN:VTIMEZONE").count == 2)

            _ = try await server.admin.createCalendar(
                user: "alice", uri: "copy", displayName: "Copy", description: nil, color: nil,
                components: ["VEVENT", "VTODO"])
            let report = try await transfer.importCalendar(
                Array(exported.utf8), user: "alice", calendar: "copy", replace: false)
            #expect(report.skipped.isEmpty, "\(report.lines)")
            #expect(Set(report.imported.map { $0.uid }) == ["weekly", "review", "alarm", "todo"])
            for object in Self.objects {
                let imported = try await alice.get(Self.copy + object.name)
                #expect(imported.status == 200, "\(object.name)")
                #expect(Self.components(imported.text) == Self.components(object.text))
            }
            // The same write path as a PUT: the to-do is a CRM task, and the sync log says so.
            let owner = try #require(try await server.store.user(named: "alice"))
            let copy = try #require(
                try await server.store.collection(ownerID: owner.id, path: "copy"))
            let task = try await server.store.task(collectionID: copy.id, objectName: "todo.ics")
            #expect(task?.fields.title == "Call Ada")
            let log = try await server.store.syncLog(
                SyncLogQuery(userName: "alice", limit: 100))
            #expect(log.filter { $0.client == "import" }.count == 4)

            // Again: every UID exists and is skipped with its reason, or replaced.
            let again = try await transfer.importCalendar(
                Array(exported.utf8), user: "alice", calendar: "copy", replace: false)
            #expect(again.imported.isEmpty)
            #expect(again.skipped.count == 4)
            #expect(again.skipped.allSatisfy { $0.reason.contains("already has this UID") })
            let replaced = try await transfer.importCalendar(
                Array(exported.utf8), user: "alice", calendar: "copy", replace: true)
            #expect(replaced.imported.count == 4)
            #expect(replaced.imported.allSatisfy { $0.replaced })
            #expect(try await server.objectNames("alice", "copy").count == 4)
        }
    }

    @Test func importReportsWhatItSkippedAndWhy() async throws {
        try await TestServer.run { server in
            let file = ICS.lines([
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Other//EN", "METHOD:PUBLISH",
                "BEGIN:VEVENT", "UID:good", "DTSTAMP:20260101T000000Z",
                "DTSTART:20260302T100000Z", "SUMMARY:Fine", "END:VEVENT",
                "BEGIN:VEVENT", "DTSTAMP:20260101T000000Z", "DTSTART:20260302T100000Z",
                "SUMMARY:No UID", "END:VEVENT",
                "BEGIN:VEVENT", "UID:mixed", "DTSTAMP:20260101T000000Z",
                "DTSTART:20260302T100000Z", "END:VEVENT",
                "BEGIN:VTODO", "UID:mixed", "DTSTAMP:20260101T000000Z", "END:VTODO",
                "END:VCALENDAR",
            ])
            let transfer = CalendarTransfer(
                store: server.store, configuration: TestServer.configuration)
            let report = try await transfer.importCalendar(
                Array(file.utf8), user: "alice", calendar: "crm-tasks", replace: false)
            #expect(report.imported.map { $0.uid } == ["good"])
            let noUID = try #require(report.skipped.first { $0.uid == nil })
            #expect(noUID.line == 11)
            #expect(noUID.reason.contains("without UID"))
            let mixed = try #require(report.skipped.first { $0.uid == "mixed" })
            #expect(mixed.line == 16)
            #expect(mixed.reason.hasPrefix("4"))
            #expect(report.lines.last == "1 imported, 2 skipped")
            // METHOD is never copied into an object (RFC 4791 §4.1).
            let good = try await server.dav("alice").get(Self.calendar + "good.ics")
            #expect(!good.text.contains("METHOD"))

            await #expect(throws: CalendarTransfer.Failure.self) {
                _ = try await transfer.importCalendar(
                    Array("not a calendar\n".utf8), user: "alice", calendar: "crm-tasks",
                    replace: false)
            }
            await #expect(throws: CalendarTransfer.Failure.self) {
                _ = try await transfer.importCalendar(
                    Array(file.utf8), user: "alice", calendar: "missing", replace: false)
            }
        }
    }
}
