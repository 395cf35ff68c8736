import Foundation
import Testing

@testable import ICalendar

@Suite struct TimeZoneIdentifierTests {
    @Test func everyWindowsNameMapsToAZoneTheDatabaseKnows() {
        #expect(WindowsTimeZones.names.count >= 130)
        for (windows, iana) in WindowsTimeZones.names {
            #expect(TimeZone(identifier: iana) != nil, "\(windows) → \(iana)")
            #expect(TimeZoneIdentifier.ianaIdentifier(for: windows) == iana, "\(windows)")
        }
        for (fragment, iana) in WindowsTimeZones.displayNames {
            #expect(TimeZone(identifier: iana) != nil, "\(fragment) → \(iana)")
        }
    }

    @Test func windowsNamesAreCaseInsensitive() {
        #expect(
            TimeZoneIdentifier.ianaIdentifier(for: "w. europe standard time") == "Europe/Berlin")
        #expect(TimeZoneIdentifier.ianaIdentifier(for: " Tokyo Standard Time ") == "Asia/Tokyo")
    }

    @Test func trimming() {
        #expect(TimeZoneIdentifier.trimmed(" \"Europe/Berlin\" ") == "Europe/Berlin")
        #expect(TimeZoneIdentifier.needsTrimming("\"Europe/Berlin\""))
        #expect(!TimeZoneIdentifier.needsTrimming("Europe/Berlin"))
        #expect(!TimeZoneIdentifier.needsTrimming(""))
    }
}
