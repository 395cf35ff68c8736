/// An error reading content lines, with the (1-based) physical line and column where it was found.
public struct ContentLineError: Error, Sendable, CustomStringConvertible {
    /// Stable error codes.
    public enum Code: String, Sendable {
        case missingColon = "missing-colon"
        case emptyName = "empty-name"
        case invalidName = "invalid-name"
        case invalidParameter = "invalid-parameter"
        case unterminatedQuote = "unterminated-quote"
        /// The text holds no `BEGIN:` line of the object expected (a vCard without BEGIN:VCARD).
        case missingBegin = "missing-begin"
    }

    public var code: Code
    public var reason: String
    public var line: Int
    public var column: Int

    public init(_ code: Code, _ reason: String, line: Int, column: Int) {
        self.code = code
        self.reason = reason
        self.line = line
        self.column = column
    }

    public var description: String {
        "line \(line), column \(column): \(reason) [\(code.rawValue)]"
    }
}

extension ContentLineError: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
