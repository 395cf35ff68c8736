import ICalendar
import Testing

@Suite struct TimeZoneRegistryTests {
    let hour = 3600
    let iana = TimeZoneRegistry()

    @Test func ianaNewYorkOffsetsGapAndOverlap() {
        #expect(iana.utcOffset(atUTC: 1_710_054_000 - 1, tzid: "America/New_York") == -5 * hour)
        #expect(iana.utcOffset(atUTC: 1_710_054_000, tzid: "America/New_York") == -4 * hour)
        #expect(iana.utcOffset(atUTC: 1_730_613_600 - 1, tzid: "America/New_York") == -4 * hour)
        #expect(iana.utcOffset(atUTC: 1_730_613_600, tzid: "America/New_York") == -5 * hour)
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 3, 10, 2, 30), tzid: "America/New_York")
                == utc(2024, 3, 10, 7, 30))
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 11, 3, 1, 30), tzid: "America/New_York")
                == utc(2024, 11, 3, 5, 30))
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 11, 3, 2, 0), tzid: "America/New_York")
                == utc(2024, 11, 3, 7, 0))
        // The IANA database has the pre-2007 US rules.
        #expect(iana.utcOffset(atUTC: utc(2006, 10, 30), tzid: "America/New_York") == -5 * hour)
        #expect(iana.utcOffset(atUTC: utc(2007, 10, 30), tzid: "America/New_York") == -4 * hour)
    }

    @Test func ianaBerlinGapAndOverlap() {
        #expect(iana.utcOffset(atUTC: 1_711_846_800 - 1, tzid: "Europe/Berlin") == hour)
        #expect(iana.utcOffset(atUTC: 1_711_846_800, tzid: "Europe/Berlin") == 2 * hour)
        #expect(iana.utcOffset(atUTC: 1_729_990_800 - 1, tzid: "Europe/Berlin") == 2 * hour)
        #expect(iana.utcOffset(atUTC: 1_729_990_800, tzid: "Europe/Berlin") == hour)
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 3, 31, 2, 30), tzid: "Europe/Berlin")
                == utc(2024, 3, 31, 1, 30))
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 10, 27, 2, 30), tzid: "Europe/Berlin")
                == utc(2024, 10, 27, 0, 30))
    }

    @Test func ianaSouthernHemisphereAndHalfHours() {
        #expect(iana.utcOffset(atUTC: 1_712_419_200 - 1, tzid: "Australia/Sydney") == 11 * hour)
        #expect(iana.utcOffset(atUTC: 1_712_419_200, tzid: "Australia/Sydney") == 10 * hour)
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 4, 7, 2, 30), tzid: "Australia/Sydney")
                == utc(2024, 4, 6, 15, 30))
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 10, 6, 2, 30), tzid: "Australia/Sydney")
                == utc(2024, 10, 5, 16, 30))
        #expect(iana.utcOffset(atUTC: 1_712_421_000 - 1, tzid: "Australia/Adelaide") == 37_800)
        #expect(iana.utcOffset(atUTC: 1_712_421_000, tzid: "Australia/Adelaide") == 34_200)
        #expect(iana.utcOffset(atUTC: utc(2024, 6, 1), tzid: "Asia/Kolkata") == 19_800)
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 6, 1, 9, 0), tzid: "Asia/Kolkata")
                == utc(2024, 6, 1, 3, 30))
        #expect(iana.utcOffset(atUTC: utc(2024, 6, 1), tzid: "Asia/Kathmandu") == 20_700)
    }

    @Test func vtimezoneWinsOverIANA() throws {
        let registry = try TimeZoneFixtures.registry(TimeZoneFixtures.fakeNewYork)
        #expect(registry.utcOffset(atUTC: utc(2024, 7, 1), tzid: "America/New_York") == 3 * hour)
        #expect(registry.utcOffset(atUTC: utc(2024, 1, 1), tzid: "America/New_York") == 3 * hour)
        #expect(
            registry.utcSeconds(forLocal: wall(2024, 7, 1, 12, 0), tzid: "America/New_York")
                == utc(2024, 7, 1, 9, 0))
        #expect(registry.canonicalIdentifier(for: "America/New_York") == "America/New_York")
        // Other TZIDs still go to the IANA database.
        #expect(registry.utcOffset(atUTC: utc(2024, 7, 1), tzid: "Europe/Berlin") == 2 * hour)
    }

    @Test func knownZonesForTheValidator() throws {
        let registry = try TimeZoneFixtures.registry(TimeZoneFixtures.rdateMoscow)
        #expect(registry.isKnown("Moscow-1980s"))
        #expect(registry.isKnown("Europe/Paris"))
        #expect(registry.isKnown("Romance Standard Time"))
        #expect(!registry.isKnown("Mars/Olympus_Mons"))
        #expect(!TimeZoneRegistry().isKnown("Moscow-1980s"))
    }

    @Test func unusableVTimeZoneFallsBackToIANA() throws {
        let registry = try TimeZoneFixtures.registry(
            """
            BEGIN:VTIMEZONE
            TZID:Europe/Berlin
            BEGIN:STANDARD
            TZOFFSETTO:+0300
            END:STANDARD
            END:VTIMEZONE
            """)
        #expect(registry.definitions.isEmpty)
        #expect(registry.utcOffset(atUTC: utc(2024, 7, 1), tzid: "Europe/Berlin") == 2 * hour)
    }

    @Test func quotedTZIDFindsItsVTimeZone() throws {
        let registry = try TimeZoneFixtures.registry(TimeZoneFixtures.fakeNewYork)
        #expect(registry.utcOffset(atUTC: 0, tzid: "\"America/New_York\"") == 3 * hour)
        #expect(registry.utcOffset(atUTC: 0, tzid: " America/New_York") == 3 * hour)
    }

    @Test func calendarRegistryUsesItsVTimeZonesAndLooksUpTheRest() throws {
        let text = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Test//EN
            \(TimeZoneFixtures.outlookBerlin)
            BEGIN:VEVENT
            UID:1
            DTSTART;TZID=W. Europe Standard Time:20240331T023000
            DTEND;TZID=Asia/Tokyo:20240331T120000
            END:VEVENT
            END:VCALENDAR
            """
        let calendar = try Component(parsing: text.replacingOccurrences(of: "\n", with: "\r\n"))
        let registry = TimeZoneRegistry(calendar: calendar)
        #expect(registry.definitions.keys.sorted() == ["W. Europe Standard Time"])
        #expect(registry.definition(for: "W. Europe Standard Time") != nil)
        let event = try #require(calendar.components(named: "VEVENT").first)
        let start = try DateTimeValue(try #require(event.property("DTSTART")))
        #expect(start.utcSeconds(resolver: registry) == utc(2024, 3, 31, 1, 30))
        let end = try DateTimeValue(try #require(event.property("DTEND")))
        #expect(end.utcSeconds(resolver: registry) == utc(2024, 3, 31, 3, 0))
        #expect(registry.canonicalIdentifier(for: "W. Europe Standard Time") == "Europe/Berlin")
        #expect(
            registry.local(atUTC: utc(2024, 3, 31, 1, 30), tzid: "Asia/Tokyo")
                == wall(2024, 3, 31, 10, 30))
    }

    /// A weekly 09:00 meeting in an Outlook-named zone keeps its wall time across the DST change.
    @Test func recurrenceExpansionThroughTheRegistry() throws {
        let text = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Test//EN
            \(TimeZoneFixtures.outlookNewYork)
            BEGIN:VEVENT
            UID:weekly
            DTSTART;TZID=Eastern Standard Time:20240303T090000
            DTEND;TZID=Eastern Standard Time:20240303T100000
            RRULE:FREQ=WEEKLY;COUNT=3
            END:VEVENT
            END:VCALENDAR
            """
        let calendar = try Component(parsing: text.replacingOccurrences(of: "\n", with: "\r\n"))
        let registry = TimeZoneRegistry(calendar: calendar)
        let set = try RecurrenceSet(
            master: calendar.components(named: "VEVENT").first, overrides: [], resolver: registry)
        let starts = set.occurrences(windowStart: nil, windowEnd: nil, limit: 10).map(\.startUTC)
        #expect(starts == [utc(2024, 3, 3, 14), utc(2024, 3, 10, 13), utc(2024, 3, 17, 13)])
    }

    @Test func windowsNamesResolveThroughIANA() {
        let cases: [(String, String, Int)] = [
            ("W. Europe Standard Time", "Europe/Berlin", 2 * hour),
            ("Eastern Standard Time", "America/New_York", -4 * hour),
            ("Pacific Standard Time", "America/Los_Angeles", -7 * hour),
            ("GMT Standard Time", "Europe/London", hour),
            ("Romance Standard Time", "Europe/Paris", 2 * hour),
            ("Central Europe Standard Time", "Europe/Budapest", 2 * hour),
            ("AUS Eastern Standard Time", "Australia/Sydney", 10 * hour),
            ("Tokyo Standard Time", "Asia/Tokyo", 9 * hour),
            ("India Standard Time", "Asia/Kolkata", 19_800),
            ("China Standard Time", "Asia/Shanghai", 8 * hour),
            ("Cen. Australia Standard Time", "Australia/Adelaide", 34_200),
            ("Pacific Standard Time (Mexico)", "America/Tijuana", -7 * hour),
        ]
        for (windows, expected, offset) in cases {
            #expect(iana.canonicalIdentifier(for: windows) == expected, "\(windows)")
            #expect(iana.utcOffset(atUTC: utc(2024, 7, 1), tzid: windows) == offset, "\(windows)")
        }
        #expect(
            iana.utcSeconds(forLocal: wall(2024, 3, 10, 2, 30), tzid: "Eastern Standard Time")
                == utc(2024, 3, 10, 7, 30))
    }

    @Test func prefixedAndDisplayNames() {
        let cases: [(String, String)] = [
            ("/mozilla.org/20050126_1/Europe/Berlin", "Europe/Berlin"),
            ("/mozilla.org/20070129_1/America/New_York", "America/New_York"),
            ("/freeassociation.sourceforge.net/Tzfile/Europe/Paris", "Europe/Paris"),
            ("/freeassociation.sourceforge.net/Europe/Paris", "Europe/Paris"),
            (
                "/softwarestudio.org/Olson_20011030_5/America/Argentina/Buenos_Aires",
                "America/Argentina/Buenos_Aires"
            ),
            ("/citadel.org/20190914_1/Australia/Adelaide", "Australia/Adelaide"),
            ("\"Europe/Vienna\"", "Europe/Vienna"),
            ("europe/berlin", "Europe/Berlin"),
            ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Amsterdam"),
            ("(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "Europe/Brussels"),
            ("(GMT+01.00) Sarajevo / Warsaw / Zagreb", "Europe/Sarajevo"),
            ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
            ("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "Asia/Kolkata"),
            ("(UTC+10:00) Canberra, Melbourne, Sydney", "Australia/Melbourne"),
            ("(UTC+01:00) W. Europe Standard Time", "Europe/Berlin"),
        ]
        for (tzid, expected) in cases {
            #expect(iana.canonicalIdentifier(for: tzid) == expected, "\(tzid)")
        }
        #expect(
            iana.utcOffset(atUTC: utc(2024, 1, 10), tzid: "/mozilla.org/20050126_1/Europe/Berlin")
                == hour)
        #expect(
            iana.utcSeconds(
                forLocal: wall(2024, 10, 27, 2, 30),
                tzid: "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
                == utc(2024, 10, 27, 0, 30))
    }

    @Test func mozillaPrefixedVTimeZoneIsUsedAndNamed() throws {
        let registry = try TimeZoneFixtures.registry(TimeZoneFixtures.mozillaNewYork)
        let tzid = "/mozilla.org/20050126_1/America/New_York"
        #expect(registry.definition(for: tzid) != nil)
        #expect(registry.canonicalIdentifier(for: tzid) == "America/New_York")
        #expect(registry.utcOffset(atUTC: 1_710_054_000, tzid: tzid) == -4 * hour)
        #expect(registry.utcOffset(atUTC: 1_710_054_000 - 1, tzid: tzid) == -5 * hour)
        #expect(
            registry.utcSeconds(forLocal: wall(2024, 11, 3, 1, 30), tzid: tzid)
                == utc(2024, 11, 3, 5, 30))
    }

    @Test func customVTimeZoneNamedByLocation() throws {
        let text = TimeZoneFixtures.thunderbirdBerlin.replacingOccurrences(
            of: "TZID:Europe/Berlin", with: "TZID:Customized Time Zone")
        let registry = try TimeZoneFixtures.registry(text)
        #expect(registry.canonicalIdentifier(for: "Customized Time Zone") == "Europe/Berlin")
        #expect(TimeZoneRegistry().canonicalIdentifier(for: "Customized Time Zone") == nil)
    }

    @Test func unknownTimeZoneIsNilAndCallersFallBackToFloating() throws {
        for tzid in ["Mars/Olympus_Mons", "", "Customized Time Zone", "(UTC+01:00) Nowhere"] {
            #expect(iana.canonicalIdentifier(for: tzid) == nil, "\(tzid)")
            #expect(iana.utcOffset(atUTC: 0, tzid: tzid) == nil, "\(tzid)")
            #expect(iana.utcSeconds(forLocal: wall(2024, 1, 1), tzid: tzid) == nil, "\(tzid)")
        }
        let value = try DateTimeValue(parsing: "20240101T120000", tzid: "Mars/Olympus_Mons")
        #expect(value.utcSeconds(resolver: iana) == utc(2024, 1, 1, 12))
        let calendar = Component(
            name: "VCALENDAR",
            components: [
                Component(
                    name: "VEVENT",
                    properties: [
                        Property(
                            name: "DTSTART", parameters: [Parameter(name: "TZID", value: "Mars")],
                            value: "20240101T120000")
                    ])
            ])
        let registry = TimeZoneRegistry(calendar: calendar)
        #expect(registry.utcOffset(atUTC: 0, tzid: "Mars") == nil)
        #expect(value.utcSeconds(resolver: registry) == utc(2024, 1, 1, 12))
    }

    /// The VTIMEZONE path and the IANA path agree hour by hour over decades.
    @Test(arguments: [
        (TimeZoneFixtures.thunderbirdBerlin, "Europe/Berlin", 1996, 2040),
        (TimeZoneFixtures.outlookBerlin, "Europe/Berlin", 1996, 2040),
        (TimeZoneFixtures.appleNewYork, "America/New_York", 2007, 2040),
        (TimeZoneFixtures.historicalNewYork, "America/New_York", 1987, 2040),
        (TimeZoneFixtures.sydney, "Australia/Sydney", 2008, 2040),
        (TimeZoneFixtures.adelaide, "Australia/Adelaide", 2008, 2040),
    ])
    func vtimezoneAgreesWithIANA(fixture: String, iana name: String, from: Int, to: Int) throws {
        let zone = try TimeZoneFixtures.definition(fixture)
        var mismatches: [Int64] = []
        let start = utc(from, 1, 1)
        let end = utc(to, 1, 1)
        // Both sides of every VTIMEZONE transition, then samples every 5 hours in between.
        var instants: [Int64] = []
        for change in zone.offsetChanges(from: start, to: end) {
            instants += [change.utc - 1, change.utc]
        }
        #expect(instants.count >= 2 * 2 * (to - from - 1))
        instants += stride(from: start, to: end, by: 5 * 3600)
        for t in instants where zone.utcOffset(atUTC: t) != iana.utcOffset(atUTC: t, tzid: name) {
            mismatches.append(t)
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(3))")
        var wallMismatches: [CalendarDateTime] = []
        for year in [from, 2024, to - 1] {
            var local = utc(year, 1, 1)
            while local < utc(year + 1, 1, 1) {
                let w = CalendarDateTime(secondsSinceEpoch: local)
                if zone.utcSeconds(forLocal: w) != iana.utcSeconds(forLocal: w, tzid: name) {
                    wallMismatches.append(w)
                }
                local += 1800
            }
        }
        #expect(wallMismatches.isEmpty, "first mismatches: \(wallMismatches.prefix(3))")
    }
}
