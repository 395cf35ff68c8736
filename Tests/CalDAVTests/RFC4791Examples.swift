import Foundation

/// The calendar collection of RFC 4791 Appendix B, one string per object resource.
enum RFC4791Examples {
    static let timezone = """
        BEGIN:VTIMEZONE
        LAST-MODIFIED:20040110T032845Z
        TZID:US/Eastern
        BEGIN:DAYLIGHT
        DTSTART:20000404T020000
        RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
        TZNAME:EDT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        END:DAYLIGHT
        BEGIN:STANDARD
        DTSTART:20001026T020000
        RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
        TZNAME:EST
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        END:STANDARD
        END:VTIMEZONE
        """

    static func wrap(_ body: String) -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp.//CalDAV Client//EN\r\n"
            + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\nEND:VCALENDAR\r\n"
    }

    static let abcd1 = wrap(
        timezone + "\n" + """
            BEGIN:VEVENT
            DTSTAMP:20060206T001102Z
            DTSTART;TZID=US/Eastern:20060102T100000
            DURATION:PT1H
            SUMMARY:Event #1
            Description:Go Steelers!
            UID:74855313FA803DA593CD579A@example.com
            END:VEVENT
            """)

    static let abcd2 = wrap(
        timezone + "\n" + """
            BEGIN:VEVENT
            DTSTAMP:20060206T001121Z
            DTSTART;TZID=US/Eastern:20060102T120000
            DURATION:PT1H
            RRULE:FREQ=DAILY;COUNT=5
            SUMMARY:Event #2
            UID:00959BC664CA650E933C892C@example.com
            END:VEVENT
            BEGIN:VEVENT
            DTSTAMP:20060206T001121Z
            DTSTART;TZID=US/Eastern:20060104T140000
            DURATION:PT1H
            RECURRENCE-ID;TZID=US/Eastern:20060104T120000
            SUMMARY:Event #2 bis
            UID:00959BC664CA650E933C892C@example.com
            END:VEVENT
            """)

    static let abcd3 = wrap(
        timezone + "\n" + """
            BEGIN:VEVENT
            ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:cyrus@example.com
            ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:lisa@example.com
            DTSTAMP:20060206T001220Z
            DTSTART;TZID=US/Eastern:20060104T100000
            DURATION:PT1H
            LAST-MODIFIED:20060206T001330Z
            ORGANIZER:mailto:cyrus@example.com
            SEQUENCE:1
            STATUS:TENTATIVE
            SUMMARY:Event #3
            UID:DC6C50A017428C5216A2F1CD@example.com
            END:VEVENT
            """)

    static let abcd4 = wrap(
        """
        BEGIN:VTODO
        DTSTAMP:20060205T235335Z
        DUE;VALUE=DATE:20060104
        STATUS:NEEDS-ACTION
        SUMMARY:Task #1
        UID:DDDEEB7915FA61233B861457@example.com
        BEGIN:VALARM
        ACTION:AUDIO
        TRIGGER;RELATED=START:-PT10M
        END:VALARM
        END:VTODO
        """)

    static let abcd5 = wrap(
        """
        BEGIN:VTODO
        DTSTAMP:20060205T235300Z
        DUE;VALUE=DATE:20060106
        LAST-MODIFIED:20060205T235308Z
        SEQUENCE:1
        STATUS:NEEDS-ACTION
        SUMMARY:Task #2
        UID:E10BA47467C5C69BB74E8720@example.com
        BEGIN:VALARM
        ACTION:AUDIO
        TRIGGER;RELATED=START:-PT10M
        END:VALARM
        END:VTODO
        """)

    static let abcd6 = wrap(
        """
        BEGIN:VTODO
        COMPLETED:20051223T122322Z
        DTSTAMP:20060205T235400Z
        DUE;VALUE=DATE:20051225
        LAST-MODIFIED:20060205T235308Z
        SEQUENCE:1
        STATUS:COMPLETED
        SUMMARY:Task #3
        UID:E10BA47467C5C69BB74E8722@example.com
        END:VTODO
        """)

    static let abcd7 = wrap(
        """
        BEGIN:VTODO
        DTSTAMP:20060205T235600Z
        DUE;VALUE=DATE:20060101
        LAST-MODIFIED:20060205T235308Z
        SEQUENCE:1
        STATUS:CANCELLED
        SUMMARY:Task #4
        UID:E10BA47467C5C69BB74E8725@example.com
        END:VTODO
        """)

    static let abcd8 = wrap(
        """
        BEGIN:VFREEBUSY
        ORGANIZER;CN="Bernard Desruisseaux":mailto:bernard@example.com
        UID:76ef34-54a3d2@example.com
        DTSTAMP:20050530T123421Z
        DTSTART:20060101T000000Z
        DTEND:20060108T000000Z
        FREEBUSY:20050531T230000Z/20050601T010000Z
        FREEBUSY;FBTYPE=BUSY-TENTATIVE:20060102T100000Z/20060102T120000Z
        FREEBUSY:20060103T100000Z/20060103T120000Z
        FREEBUSY:20060104T100000Z/20060104T120000Z
        FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20060105T100000Z/20060105T120000Z
        FREEBUSY:20060106T100000Z/20060106T120000Z
        END:VFREEBUSY
        """)

    static let all = [abcd1, abcd2, abcd3, abcd4, abcd5, abcd6, abcd7, abcd8]
}
