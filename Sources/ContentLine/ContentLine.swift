/// One logical content line (RFC 5545 §3.1, RFC 6350 §3.3): `[group.]NAME *(;param) : value`.
///
/// Names are kept uppercased (they are case-insensitive); the value is kept exactly as written,
/// escapes included, because how it is unescaped depends on its value type (TEXT, URI, …).
public struct ContentLine: Sendable, Hashable {
    /// The vCard group (`item1` in `item1.EMAIL`); always `nil` for iCalendar.
    public var group: String?
    /// The property name, uppercased.
    public var name: String
    /// Parameters in the order they were written.
    public var parameters: [ContentLineParameter]
    /// The raw value, escapes intact.
    public var value: String

    public init(
        group: String? = nil, name: String, parameters: [ContentLineParameter] = [], value: String
    ) {
        self.group = group
        self.name = name
        self.parameters = parameters
        self.value = value
    }

    /// The first parameter with this (case-insensitive) name.
    public func parameter(_ name: String) -> ContentLineParameter? {
        let upper = name.uppercasedName
        return parameters.first { $0.name == upper }
    }
}

/// A content-line parameter (RFC 5545 §3.2): a name and one or more values.
///
/// Values are stored decoded: surrounding quotes removed and RFC 6868 `^` escapes resolved.
public struct ContentLineParameter: Sendable, Hashable {
    /// The parameter name, uppercased.
    public var name: String
    /// The values (a comma-separated list on the wire).
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name.uppercasedName
        self.values = values
    }

    public init(name: String, value: String) {
        self.init(name: name, values: [value])
    }

    /// All values joined by commas (the usual reading of a single-valued parameter).
    public var value: String {
        values.count == 1 ? values[0] : values.joined(separator: ",")
    }
}

extension String {
    /// The name uppercased (`uppercased()`), without a new string when it is uppercase already:
    /// names are case-insensitive but almost always written in capitals, and every component,
    /// property and parameter made or looked up normalises its name.
    @inlinable
    public var uppercasedName: String {
        for byte in utf8 where (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80 {
            return uppercased()
        }
        return self
    }
}
