import CalDAV
import ICalendar
import Testing
import WebDAV

/// Fixed-offset zones, enough for the RFC 4791 examples (US/Eastern in January is UTC−5).
struct FixedZones: TimeZoneResolving {
    static let offsets: [String: Int] = ["US/Eastern": -18000, "Europe/Berlin": 3600]

    func utcSeconds(forLocal local: CalendarDateTime, tzid: String) -> Int64? {
        Self.offsets[tzid].map { local.secondsSinceEpoch - Int64($0) }
    }

    func utcOffset(atUTC seconds: Int64, tzid: String) -> Int? { Self.offsets[tzid] }
}

let caldavNS = "urn:ietf:params:xml:ns:caldav"

/// Parses an XML fragment with `C:` bound to CalDAV and `D:` to DAV:.
func xml(_ text: String) throws -> XMLElement {
    var body = text
    if let close = body.firstIndex(of: ">") {
        let insertAt = body[..<close].last == "/" ? body.index(before: close) : close
        body.insert(
            contentsOf: " xmlns:C=\"\(caldavNS)\" xmlns:D=\"DAV:\"", at: insertAt)
    }
    return try XMLReader.parse(Array(body.utf8))
}

/// A filter from the inside of `<C:filter>`.
func filter(_ inner: String) throws -> CompFilter {
    try CompFilter(xml("<C:filter>\(inner)</C:filter>"))
}

/// A VCALENDAR around the given lines (LF-joined, as test literals are).
func calendar(_ lines: String) throws -> Component {
    try Component(
        parsing: "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n\(lines)\nEND:VCALENDAR\n")
}

/// The DAVError thrown by `body`, if any.
func davError(_ body: () throws -> Void) -> DAVError? {
    do {
        try body()
        return nil
    } catch let error as DAVError {
        return error
    } catch {
        return nil
    }
}

/// Joins lines with CRLF, as serialised iCalendar is.
func crlf(_ lines: [String]) -> String { lines.map { $0 + "\r\n" }.joined() }
