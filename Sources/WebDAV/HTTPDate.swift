import Foundation

/// HTTP dates (RFC 9110 §5.6.7, IMF-fixdate) and ISO 8601 dates for `DAV:creationdate`.
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(_ secondsSinceEpoch: Int64) -> String {
        let c = components(secondsSinceEpoch)
        return "\(days[c.weekday! - 1]), \(two(c.day!)) \(months[c.month! - 1]) \(c.year!) "
            + "\(two(c.hour!)):\(two(c.minute!)):\(two(c.second!)) GMT"
    }

    /// `1994-11-06T08:49:37Z`.
    public static func iso8601(_ secondsSinceEpoch: Int64) -> String {
        let c = components(secondsSinceEpoch)
        return "\(c.year!)-\(two(c.month!))-\(two(c.day!))T"
            + "\(two(c.hour!)):\(two(c.minute!)):\(two(c.second!))Z"
    }

    private static func components(_ seconds: Int64) -> DateComponents {
        calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second, .weekday],
            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
