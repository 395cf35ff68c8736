/// The `Depth` request header (RFC 4918 §10.2).
public enum Depth: Sendable, Hashable {
    case zero, one, infinity

    /// Parses the header value; `nil` (absent) gives `defaultValue`. An invalid value is a `400`.
    public init(header: String?, default defaultValue: Depth) throws(DAVError) {
        guard let header else {
            self = defaultValue
            return
        }
        switch header.trimmingSpaces.lowercased() {
        case "0": self = .zero
        case "1": self = .one
        case "infinity": self = .infinity
        default: throw DAVError(status: 400, reason: "invalid Depth header '\(header)'")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
