import ICalendar
import Testing

/// A VCALENDAR around `body` lines, with VERSION and PRODID unless left out.
func calendar(_ body: [String], version: Bool = true, prodID: Bool = true) -> String {
    var lines = ["BEGIN:VCALENDAR"]
    if version { lines.append("VERSION:2.0") }
    if prodID { lines.append("PRODID:-//Cadence//Test//EN") }
    lines += body
    lines.append("END:VCALENDAR")
    return lines.joined(separator: "\r\n") + "\r\n"
}

/// A VEVENT with UID 1 and the given extra lines.
func event(_ extra: String...) -> [String] {
    ["BEGIN:VEVENT", "UID:1", "DTSTAMP:20240101T000000Z"] + extra + ["END:VEVENT"]
}

func validate(_ text: String, lenient: Bool = true) throws(ICalendarError)
    -> CalendarObjectValidator.Summary
{
    try CalendarObjectValidator(lenient: lenient).validate(bytes: Array(text.utf8))
}

/// Expects validation to fail with `code` at `path` (in strict mode, and in lenient unless told).
func expectRejected(
    _ text: String, _ code: ICalendarError.Code, path: String?, alsoLenient: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let strict = #expect(throws: ICalendarError.self, sourceLocation: sourceLocation) {
        try validate(text, lenient: false)
    }
    #expect(strict?.code == code, sourceLocation: sourceLocation)
    #expect(strict?.path == path, sourceLocation: sourceLocation)
    if alsoLenient {
        let lenient = #expect(throws: ICalendarError.self, sourceLocation: sourceLocation) {
            try validate(text)
        }
        #expect(lenient?.code == code, sourceLocation: sourceLocation)
    }
}

@Suite struct ValidationTests {
    @Test func validEventSummary() throws {
        let text = calendar(
            event("DTSTART:20240101T100000Z", "DTEND:20240101T110000Z", "RRULE:FREQ=DAILY")
                + [
                    "BEGIN:VEVENT", "UID:1", "DTSTAMP:20240101T000000Z",
                    "RECURRENCE-ID:20240102T100000Z", "DTSTART:20240102T120000Z", "END:VEVENT",
                ])
        let summary = try validate(text, lenient: false)
        #expect(summary.componentType == "VEVENT")
        #expect(summary.uid == "1")
        #expect(summary.master?["DTEND"] == "20240101T110000Z")
        #expect(summary.overrides.map { $0["RECURRENCE-ID"] } == ["20240102T100000Z"])
        #expect(summary.isRecurring)
        #expect(summary.repairHints.isEmpty)
    }

    @Test func overridesWithoutMaster() throws {
        let text = calendar([
            "BEGIN:VTODO", "UID:t", "DTSTAMP:20240101T000000Z", "RECURRENCE-ID:20240102",
            "DTSTART;VALUE=DATE:20240102", "END:VTODO",
        ])
        let summary = try validate(text, lenient: false)
        #expect(summary.componentType == "VTODO")
        #expect(summary.master == nil)
        #expect(summary.overrides.count == 1)
        #expect(!summary.isRecurring)
    }

    @Test func missingVersionAndProdIDAreRepairHints() throws {
        let text = calendar(event("DTSTART:20240101T100000Z"), version: false, prodID: false)
        let summary = try validate(text)
        #expect(summary.repairHints.map(\.code) == [.missingProperty, .missingProperty])
        #expect(summary.repairHints.map(\.reason) == ["VERSION is missing", "PRODID is missing"])
        expectRejected(text, .missingProperty, path: "VCALENDAR", alsoLenient: false)
    }

    @Test func wrongVersion() {
        let text = calendar(["VERSION:1.0"] + event("DTSTART:20240101"), version: false)
        expectRejected(text, .unsupportedVersion, path: "VCALENDAR/VERSION")
    }

    @Test func methodIsToleratedOnlyLeniently() throws {
        let text = calendar(["METHOD:PUBLISH"] + event())
        // With METHOD a VEVENT may lack DTSTART.
        #expect(try validate(text).repairHints.map(\.code) == [.methodNotAllowed])
        expectRejected(text, .methodNotAllowed, path: "VCALENDAR/METHOD", alsoLenient: false)
    }

    @Test func exactlyOneVCalendar() {
        expectRejected(
            calendar(event("DTSTART:20240101")) + calendar(event("DTSTART:20240101")),
            .notOneCalendar, path: nil)
        expectRejected("", .noComponent, path: nil)
        expectRejected(
            "BEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\n", .notOneCalendar, path: "VEVENT")
    }

    @Test func needsACalendarComponent() {
        expectRejected(calendar([]), .noCalendarComponent, path: "VCALENDAR")
        expectRejected(
            calendar(["BEGIN:X-THING", "END:X-THING"]), .noCalendarComponent, path: "VCALENDAR")
    }

    @Test func oneComponentTypeOnly() {
        let text = calendar(
            event("DTSTART:20240101") + [
                "BEGIN:VTODO", "UID:1", "DTSTAMP:20240101T000000Z", "END:VTODO",
            ])
        expectRejected(text, .mixedComponentTypes, path: "VCALENDAR/VTODO")
    }

    @Test func timeZonesAndXComponentsDoNotCountAsTypes() throws {
        let text = calendar(
            [
                "BEGIN:VTIMEZONE", "TZID:Custom/Zone", "BEGIN:STANDARD", "DTSTART:16010101T000000",
                "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "END:STANDARD", "END:VTIMEZONE",
                "BEGIN:X-VENDOR", "END:X-VENDOR",
            ] + event("DTSTART;TZID=Custom/Zone:20240101T100000"))
        let summary = try CalendarObjectValidator(lenient: false, knownTimeZone: { _ in false })
            .validate(bytes: Array(text.utf8))
        #expect(summary.timeZones.map { $0["TZID"] } == ["Custom/Zone"])
    }

    @Test func uidRules() {
        expectRejected(
            calendar(["BEGIN:VEVENT", "DTSTART:20240101", "END:VEVENT"]), .missingUID,
            path: "VCALENDAR/VEVENT")
        expectRejected(
            calendar(
                event("DTSTART:20240101") + [
                    "BEGIN:VEVENT", "UID:2", "DTSTART:20240101", "END:VEVENT",
                ]),
            .multipleUIDs, path: "VCALENDAR/VEVENT/UID")
        expectRejected(
            calendar(event("DTSTART:20240101", "UID:1")), .duplicateProperty,
            path: "VCALENDAR/VEVENT/UID")
    }

    @Test func masterAndOverrideRules() {
        expectRejected(
            calendar(event("DTSTART:20240101") + event("DTSTART:20240102")), .duplicateMaster,
            path: "VCALENDAR/VEVENT")
        expectRejected(
            calendar(
                event("DTSTART:20240101", "RRULE:FREQ=DAILY")
                    + event("RECURRENCE-ID:20240102", "DTSTART:20240102")
                    + event("RECURRENCE-ID:20240102", "DTSTART:20240103")),
            .duplicateRecurrenceID, path: "VCALENDAR/VEVENT/RECURRENCE-ID")
        expectRejected(
            calendar(event("DTSTART:20240101", "RECURRENCE-ID:20240101", "RECURRENCE-ID:20240102")),
            .duplicateProperty, path: "VCALENDAR/VEVENT/RECURRENCE-ID")
    }

    @Test func dtstartRequiredInVEventOnly() throws {
        expectRejected(calendar(event()), .missingProperty, path: "VCALENDAR/VEVENT")
        let todo = calendar(["BEGIN:VTODO", "UID:t", "DTSTAMP:20240101T000000Z", "END:VTODO"])
        #expect(try validate(todo, lenient: false).componentType == "VTODO")
    }

    @Test func endAndDurationConflict() {
        expectRejected(
            calendar(event("DTSTART:20240101T100000Z", "DTEND:20240101T110000Z", "DURATION:PT1H")),
            .conflictingProperties, path: "VCALENDAR/VEVENT/DURATION")
        expectRejected(
            calendar([
                "BEGIN:VTODO", "UID:t", "DTSTAMP:20240101T000000Z", "DTSTART:20240101T100000Z",
                "DUE:20240101T110000Z", "DURATION:PT1H", "END:VTODO",
            ]), .conflictingProperties, path: "VCALENDAR/VTODO/DURATION")
        expectRejected(
            calendar([
                "BEGIN:VTODO", "UID:t", "DTSTAMP:20240101T000000Z", "DURATION:PT1H", "END:VTODO",
            ]),
            .missingProperty, path: "VCALENDAR/VTODO/DURATION")
    }

    @Test func endBeforeStart() throws {
        expectRejected(
            calendar(event("DTSTART:20240101T100000Z", "DTEND:20240101T095959Z")), .endBeforeStart,
            path: "VCALENDAR/VEVENT/DTEND")
        expectRejected(
            calendar([
                "BEGIN:VTODO", "UID:t", "DTSTAMP:20240101T000000Z", "DTSTART:20240102",
                "DUE:20240101", "END:VTODO",
            ]), .endBeforeStart, path: "VCALENDAR/VTODO/DUE")
        expectRejected(
            calendar(event("DTSTART:20240101T100000Z", "DURATION:-PT1M")), .endBeforeStart,
            path: "VCALENDAR/VEVENT/DURATION")
        // Equal is tolerated; zones that cannot be compared without a resolver are not compared.
        let equal = calendar(event("DTSTART:20240101T100000Z", "DTEND:20240101T100000Z"))
        #expect(try validate(equal, lenient: false).repairHints.isEmpty)
        let zones = calendar(
            event(
                "DTSTART;TZID=America/New_York:20240101T100000",
                "DTEND;TZID=Europe/Berlin:20240101T090000"))
        #expect(try validate(zones, lenient: false).uid == "1")
    }

    @Test func endBeforeStartAcrossZonesWithResolver() throws {
        struct FixedOffsets: TimeZoneResolving {
            func utcSeconds(forLocal local: CalendarDateTime, tzid: String) -> Int64? {
                guard let offset = utcOffset(atUTC: 0, tzid: tzid) else { return nil }
                return local.secondsSinceEpoch - Int64(offset)
            }
            func utcOffset(atUTC seconds: Int64, tzid: String) -> Int? {
                ["America/New_York": -18000, "Europe/Berlin": 3600][tzid]
            }
        }
        // 10:00 New York is 16:00 Berlin: a 15:00 Berlin end is before the start.
        let text = calendar(
            event(
                "DTSTART;TZID=America/New_York:20240101T100000",
                "DTEND;TZID=Europe/Berlin:20240101T150000"))
        let validator = CalendarObjectValidator(resolver: FixedOffsets())
        let error = #expect(throws: ICalendarError.self) {
            try validator.validate(bytes: Array(text.utf8))
        }
        #expect(error?.code == .endBeforeStart)
    }

    @Test func dateConsistencyIsStrictOnly() throws {
        let mixed = calendar(event("DTSTART;VALUE=DATE:20240101", "DTEND:20240101T100000Z"))
        #expect(try validate(mixed).repairHints.map(\.path) == ["VCALENDAR/VEVENT/DTEND"])
        expectRejected(
            mixed, .valueTypeMismatch, path: "VCALENDAR/VEVENT/DTEND", alsoLenient: false)
        let wrongParameter = calendar(event("DTSTART;VALUE=DATE:20240101T100000"))
        #expect(try validate(wrongParameter).repairHints.map(\.code) == [.valueTypeMismatch])
        expectRejected(
            wrongParameter, .valueTypeMismatch, path: "VCALENDAR/VEVENT/DTSTART",
            alsoLenient: false)
        let reverse = calendar(event("DTSTART;VALUE=DATE-TIME:20240101"))
        expectRejected(
            reverse, .valueTypeMismatch, path: "VCALENDAR/VEVENT/DTSTART", alsoLenient: false)
    }

    @Test func alarmsNeedActionAndTrigger() {
        expectRejected(
            calendar(event("DTSTART:20240101", "BEGIN:VALARM", "TRIGGER:-PT5M", "END:VALARM")),
            .missingProperty, path: "VCALENDAR/VEVENT/VALARM")
        expectRejected(
            calendar(event("DTSTART:20240101", "BEGIN:VALARM", "ACTION:DISPLAY", "END:VALARM")),
            .missingProperty, path: "VCALENDAR/VEVENT/VALARM")
        expectRejected(
            calendar(
                event(
                    "DTSTART:20240101", "BEGIN:VALARM", "ACTION:AUDIO", "TRIGGER:-PTXM",
                    "END:VALARM")),
            .invalidDuration, path: "VCALENDAR/VEVENT/VALARM/TRIGGER")
    }

    @Test func timeZoneMustBeDefinedOrKnown() throws {
        let text = calendar(event("DTSTART;TZID=W. Europe Standard Time:20240101T100000"))
        #expect(try validate(text).uid == "1")  // default: every zone is known
        let validator = CalendarObjectValidator(knownTimeZone: { $0 == "Europe/Berlin" })
        let error = #expect(throws: ICalendarError.self) {
            try validator.validate(bytes: Array(text.utf8))
        }
        #expect(error?.code == .unknownTimeZone)
        #expect(error?.path == "VCALENDAR/VEVENT/DTSTART")
    }

    @Test func valuesParseAsTheirTypes() {
        expectRejected(
            calendar(event("DTSTART:2024-01-01")), .invalidDateTime,
            path: "VCALENDAR/VEVENT/DTSTART")
        expectRejected(
            calendar(event("DTSTART:20240101", "DURATION:1 hour")), .invalidDuration,
            path: "VCALENDAR/VEVENT/DURATION")
        expectRejected(
            calendar(event("DTSTART:20240101", "EXDATE:20240102,2024010X")), .invalidDateTime,
            path: "VCALENDAR/VEVENT/EXDATE")
        expectRejected(
            calendar(
                event("DTSTART:20240101T100000Z", "RDATE;VALUE=PERIOD:20240102T100000Z/20240102")),
            .invalidPeriod, path: "VCALENDAR/VEVENT/RDATE")
        expectRejected(
            calendar(event("DTSTART:20240101", "DTEND:20240101", "DTEND:20240102")),
            .duplicateProperty, path: "VCALENDAR/VEVENT/DTEND")
    }

    @Test func rruleAtMostOnce() throws {
        let text = calendar(event("DTSTART:20240101", "RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY"))
        #expect(try validate(text).repairHints.map(\.path) == ["VCALENDAR/VEVENT/RRULE"])
        expectRejected(text, .duplicateProperty, path: "VCALENDAR/VEVENT/RRULE", alsoLenient: false)
    }

    @Test func componentConvenience() throws {
        let component = try Component(parsing: calendar(event("DTSTART:20240101")))
        #expect(try component.validateCalendarObject(lenient: false).uid == "1")
    }
}
