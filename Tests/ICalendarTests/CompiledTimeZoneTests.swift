import Foundation
import ICalendar
import Testing

/// The compile-once paths of time zones: onsets of open-ended rules computed ahead for
/// `TimeZoneDefinition.openRuleYears`, and VTIMEZONEs compiled once per process.
@Suite struct CompiledTimeZoneTests {
    let hour = 3600
    let iana = TimeZoneRegistry()

    /// On both sides of the years computed ahead (1970…2100), a VTIMEZONE's offsets are the
    /// rule's: every change the IANA database makes, second for second, and none other.
    @Test(arguments: [
        (TimeZoneFixtures.thunderbirdBerlin, "Europe/Berlin"),
        (TimeZoneFixtures.appleNewYork, "America/New_York"),
        (TimeZoneFixtures.sydney, "Australia/Sydney"),
    ])
    func offsetsAgreeAcrossTheComputedYears(fixture: String, name: String) throws {
        let zone = try TimeZoneFixtures.definition(fixture)
        for (from, to) in [(2095, 2106), (2180, 2184)] {
            let start = utc(from, 1, 1)
            let end = utc(to, 1, 1)
            let changes = zone.offsetChanges(from: start, to: end)
            #expect(changes.count == 2 * (to - from), "\(name) \(from)–\(to)")
            var instants: [Int64] = []
            for change in changes { instants += [change.utc - 1, change.utc, change.utc + 1] }
            instants += stride(from: start, to: end, by: 7 * 3600)
            let mismatches = instants.filter {
                zone.utcOffset(atUTC: $0) != iana.utcOffset(atUTC: $0, tzid: name)
            }
            #expect(mismatches.isEmpty, "\(name): first mismatches \(mismatches.prefix(3))")
        }
    }

    /// Berlin's last onsets computed ahead and the first ones evaluated from the rule: the last
    /// Sunday of March and of October at 01:00 UTC.
    @Test func berlinOnsetsAroundTheEndOfTheComputedYears() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.thunderbirdBerlin)
        // 2100-03-28, 2100-10-31, 2101-03-27 and 2101-10-30 are the last Sundays.
        for (y, mo, d) in [(2100, 3, 28), (2101, 3, 27)] {
            #expect(zone.utcOffset(atUTC: utc(y, mo, d, 1) - 1) == hour)
            #expect(zone.utcOffset(atUTC: utc(y, mo, d, 1)) == 2 * hour)
        }
        for (y, mo, d) in [(2100, 10, 31), (2101, 10, 30)] {
            #expect(zone.utcOffset(atUTC: utc(y, mo, d, 1) - 1) == 2 * hour)
            #expect(zone.utcOffset(atUTC: utc(y, mo, d, 1)) == hour)
        }
        #expect(zone.utcSeconds(forLocal: wall(2100, 12, 31, 23, 59)) == utc(2100, 12, 31, 22, 59))
        #expect(zone.utcSeconds(forLocal: wall(2101, 7, 1, 12)) == utc(2101, 7, 1, 10))
        // Before 1970 the rule has no onset (DTSTART 1970): the first TZOFFSETFROM.
        #expect(zone.utcOffset(atUTC: utc(1969, 7, 1)) == hour)
    }

    /// Two VTIMEZONEs with one TZID and different rules stay apart: compiled definitions are
    /// shared by the whole component, never by its TZID.
    @Test func sameTZIDDifferentDefinitionsStayApart() throws {
        func calendar(_ vtimezone: String) throws -> Component {
            try Component(
                parsing: ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n" + vtimezone
                    + "\nEND:VCALENDAR\n").replacingOccurrences(of: "\n", with: "\r\n"))
        }
        let real = try calendar(TimeZoneFixtures.appleNewYork)
        let fake = try calendar(TimeZoneFixtures.fakeNewYork)
        let july = utc(2024, 7, 1)
        for _ in 0..<2 {
            #expect(
                TimeZoneRegistry(calendar: real).utcOffset(atUTC: july, tzid: "America/New_York")
                    == -4 * hour)
            #expect(
                TimeZoneRegistry(calendar: fake).utcOffset(atUTC: july, tzid: "America/New_York")
                    == 3 * hour)
        }
        let definitions = TimeZoneRegistry(calendar: real).definitions
        #expect(
            definitions["America/New_York"]
                == (try TimeZoneFixtures.definition(
                    TimeZoneFixtures.appleNewYork)))
    }

    /// Names are uppercased whether or not they already are, ASCII or not.
    @Test func namesAreUppercased() {
        #expect(Component(name: "vevent").name == "VEVENT")
        #expect(Component(name: "VEVENT").name == "VEVENT")
        #expect(Component(name: "x-événement").name == "X-ÉVÉNEMENT")
        #expect(Property(name: "dtstart", value: "x").name == "DTSTART")
        #expect(Property(name: "X-Foo", value: "x").name == "X-FOO")
        let property = Property(
            name: "DTSTART", parameters: [Parameter(name: "tzid", value: "Europe/Berlin")],
            value: "20240101T120000")
        #expect(property[parameter: "tzid"] == "Europe/Berlin")
        #expect(Component(name: "VCALENDAR", properties: [property]).property("dtstart") != nil)
    }

    /// Date-times are written `YYYYMMDDTHHMMSS`, zero-padded, also outside four-digit years.
    @Test func dateTimeText() {
        #expect(wall(2026, 3, 1, 9, 5, 7).description == "20260301T090507")
        #expect(wall(1, 1, 1).description == "00010101T000000")
        #expect(CalendarDate(validYear: 987, month: 12, day: 31).description == "09871231")
        #expect(wall(9999, 12, 31, 23, 59, 60).description == "99991231T235960")
        #expect(CalendarDate(validYear: 12345, month: 1, day: 2).description == "123450102")
        #expect(DateTimeValue(utcSeconds: utc(2026, 3, 1, 9)).description == "20260301T090000Z")
    }
}
