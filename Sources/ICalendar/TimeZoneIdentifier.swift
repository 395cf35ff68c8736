import Foundation

/// Reads the TZID forms found in the wild (RFC 5545 §3.2.19, §3.8.3.1) as IANA identifiers.
///
/// In order: an identifier the IANA database knows (any case); a Windows name (`W. Europe
/// Standard Time`); an IANA identifier behind a prefix (`/mozilla.org/20050126_1/Europe/Berlin`,
/// `/freeassociation.sourceforge.net/Tzfile/Europe/Paris`); and an Outlook display name
/// (`(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna`) through the Windows name or
/// display text it contains, or else its first city that names an IANA zone.
enum TimeZoneIdentifier {
    /// The IANA identifier that `tzid` names, or `nil`.
    static func ianaIdentifier(for tzid: String) -> String? {
        let name = trimmed(tzid)
        guard !name.isEmpty else { return nil }
        if let iana = WindowsTimeZones.ianaByExactName[name] { return iana }
        if TimeZone(identifier: name) != nil { return name }
        let lower = name.lowercased()
        if let iana = WindowsTimeZones.ianaByName[lower] { return iana }
        if let iana = knownByLowercasedName[lower] { return iana }
        if let iana = prefixedIdentifier(name) { return iana }
        for (windows, iana) in windowsNamesLongestFirst where lower.contains(windows) {
            return iana
        }
        for (fragment, iana) in WindowsTimeZones.displayNames where lower.contains(fragment) {
            return iana
        }
        return cityIdentifier(lower)
    }

    /// Whether `tzid` starts or ends with a blank or a quote.
    static func needsTrimming(_ tzid: String) -> Bool {
        let utf8 = tzid.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        return isTrimmed(first) || isTrimmed(last)
    }

    @inline(__always)
    private static func isTrimmed(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x22 || byte == 0x27
    }

    /// `tzid` without surrounding blanks and quotes.
    static func trimmed(_ tzid: String) -> String {
        var s = Substring(tzid)
        while let c = s.first, c == " " || c == "\t" || c == "\"" || c == "'" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\"" || c == "'" { s = s.dropLast() }
        return String(s)
    }

    /// The longest tail after a `/` that is an IANA identifier.
    private static func prefixedIdentifier(_ name: String) -> String? {
        var rest = Substring(name)
        while let slash = rest.firstIndex(of: "/") {
            rest = rest[rest.index(after: slash)...]
            guard !rest.isEmpty else { return nil }
            let candidate = String(rest)
            if candidate.contains("/"), TimeZone(identifier: candidate) != nil { return candidate }
            if let iana = knownByLowercasedName[candidate.lowercased()] { return iana }
        }
        return nil
    }

    /// The first city of a display name that is the last part of an IANA identifier.
    private static func cityIdentifier(_ lower: String) -> String? {
        var body = Substring(lower)
        if body.first == "(", let close = body.firstIndex(of: ")") {
            body = body[body.index(after: close)...]
        }
        let separators: Set<Character> = [",", "/", ";", "&", "(", ")"]
        for token in body.split(whereSeparator: { separators.contains($0) }) {
            let city = trimmed(String(token)).replacingOccurrences(of: " ", with: "_")
            guard !city.isEmpty else { continue }
            if let iana = knownByCity[city] { return iana }
        }
        return nil
    }

    /// Lowercased IANA identifiers → identifiers.
    private static let knownByLowercasedName: [String: String] = {
        var table: [String: String] = [:]
        for id in TimeZone.knownTimeZoneIdentifiers { table[id.lowercased()] = id }
        return table
    }()

    /// Lowercased last parts of regional IANA identifiers (`berlin`, `new_york`) → identifiers.
    private static let knownByCity: [String: String] = {
        var table: [String: String] = [:]
        // The Windows table names current identifiers (Asia/Kolkata) where the database's list
        // may still hold the old ones (Asia/Calcutta): those come first.
        let ids = WindowsTimeZones.names.map(\.1) + TimeZone.knownTimeZoneIdentifiers.sorted()
        for id in ids where id.contains("/") {
            guard !id.hasPrefix("Etc/"), let city = id.split(separator: "/").last else { continue }
            let key = city.lowercased()
            if table[key] == nil { table[key] = id }
        }
        return table
    }()

    /// Windows names for a substring search, longest first so that `Pacific Standard Time
    /// (Mexico)` wins over `Pacific Standard Time`.
    private static let windowsNamesLongestFirst: [(String, String)] = WindowsTimeZones.ianaByName
        .filter { $0.key.count > 6 }
        .sorted { ($0.key.count, $0.key) > ($1.key.count, $1.key) }
        .map { ($0.key, $0.value) }
}
