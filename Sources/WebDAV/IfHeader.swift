/// The WebDAV `If` request header (RFC 4918 §10.4): lists of conditions on state tokens and
/// entity tags, optionally tagged with the resource they apply to.
///
/// Cadence has no locks (class 1 and 3 only), so no resource ever holds a state token: `<token>`
/// is false and `Not <token>` true, for `DAV:no-lock` as for any other token. An entity tag
/// condition compares with the resource's current strong ETag. The header holds when any list
/// holds (§10.4.3); otherwise the request fails with 412. A header that does not follow the
/// grammar is 400 (§10.4.1).
public struct IfHeader: Sendable, Hashable {
    /// One condition of a list.
    public struct Condition: Sendable, Hashable {
        /// A state token (`<urn:…>`) or an entity tag (`["…"]`).
        public enum Kind: Sendable, Hashable {
            case stateToken(String)
            case entityTag(String)
        }
        public var negated: Bool
        public var kind: Kind
    }

    /// One parenthesised list, for the request resource (`resource == nil`) or a tagged one.
    public struct List: Sendable, Hashable {
        /// The resource tag's path, or `nil` for a no-tag list.
        public var resource: DAVPath?
        public var conditions: [Condition]
    }

    public var lists: [List]

    /// Parses the header value; malformed text is `400 Bad Request`.
    public init(parsing text: String) throws(DAVError) {
        var scanner = Scanner(Array(text.utf8))
        var lists: [List] = []
        var tag: DAVPath?
        var sawTag = false
        var sawUntagged = false
        scanner.skipSpaces()
        guard !scanner.atEnd else { throw Self.malformed("empty If header") }
        while !scanner.atEnd {
            switch scanner.peek {
            case UInt8(ascii: "<"):
                // A resource tag (a Tagged-list production); no-tag and tagged lists do not mix.
                if sawUntagged { throw Self.malformed("a resource tag after a no-tag list") }
                let uri = try scanner.delimited(UInt8(ascii: "<"), UInt8(ascii: ">"))
                guard let path = DAVPath(uri) else {
                    throw Self.malformed("the resource tag <\(uri)> is not a path or URL")
                }
                tag = path
                sawTag = true
            case UInt8(ascii: "("):
                if !sawTag { sawUntagged = true }
                scanner.advance()
                var conditions: [Condition] = []
                while true {
                    scanner.skipSpaces()
                    guard !scanner.atEnd else { throw Self.malformed("a list is not closed") }
                    if scanner.peek == UInt8(ascii: ")") {
                        scanner.advance()
                        break
                    }
                    var negated = false
                    if scanner.consume("Not") {
                        negated = true
                        scanner.skipSpaces()
                    }
                    switch scanner.peek {
                    case UInt8(ascii: "<"):
                        let token = try scanner.delimited(UInt8(ascii: "<"), UInt8(ascii: ">"))
                        guard !token.isEmpty else { throw Self.malformed("an empty state token") }
                        conditions.append(.init(negated: negated, kind: .stateToken(token)))
                    case UInt8(ascii: "["):
                        let etag = try scanner.delimited(UInt8(ascii: "["), UInt8(ascii: "]"))
                        guard etag.hasSuffix("\""), etag.hasPrefix("\"") || etag.hasPrefix("W/\"")
                        else { throw Self.malformed("the entity tag [\(etag)] is not quoted") }
                        conditions.append(.init(negated: negated, kind: .entityTag(etag)))
                    default:
                        throw Self.malformed("a condition must be <state-token> or [entity-tag]")
                    }
                }
                guard !conditions.isEmpty else { throw Self.malformed("an empty list") }
                lists.append(List(resource: tag, conditions: conditions))
            default:
                throw Self.malformed("unexpected text in the If header")
            }
            scanner.skipSpaces()
        }
        guard !lists.isEmpty else { throw Self.malformed("a resource tag without a list") }
        self.lists = lists
    }

    /// Whether the header holds for a request on `path` whose resource has `etag` (`nil` when
    /// it does not exist). A list tagged with another resource is evaluated as for a resource
    /// whose ETag is unknown: its entity-tag conditions are false (so `Not [etag]` is true).
    public func isSatisfied(path: DAVPath, etag: String?) -> Bool {
        lists.contains { list in
            let applies = list.resource.map { $0.segments == path.segments } ?? true
            let current = applies ? etag : nil
            return list.conditions.allSatisfy { condition in
                let holds: Bool
                switch condition.kind {
                case .stateToken: holds = false
                case .entityTag(let tag):
                    holds =
                        current.map {
                            !tag.hasPrefix("W/")
                                && WritePrecondition.strip(tag) == WritePrecondition.strip($0)
                        } ?? false
                }
                return holds != condition.negated
            }
        }
    }

    static func malformed(_ reason: String) -> DAVError {
        DAVError(status: 400, reason: "malformed If header: \(reason)")
    }

    /// A byte cursor over the header text.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8 { bytes[index] }
        mutating func advance() { index += 1 }

        mutating func skipSpaces() {
            while !atEnd && (peek == 0x20 || peek == 0x09) { index += 1 }
        }

        /// Consumes `word` (ASCII, case-sensitive as RFC 4918 writes `Not`) if it comes next.
        mutating func consume(_ word: String) -> Bool {
            let text = Array(word.utf8)
            guard bytes.count - index >= text.count,
                Array(bytes[index..<index + text.count]) == text
            else { return false }
            index += text.count
            return true
        }

        /// The text between `open` (at the cursor) and the next `close`.
        mutating func delimited(_ open: UInt8, _ close: UInt8) throws(DAVError) -> String {
            index += 1
            let start = index
            while !atEnd && peek != close { index += 1 }
            guard !atEnd else {
                throw IfHeader.malformed("\(Character(Unicode.Scalar(open))) is not closed")
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            index += 1
            return text
        }
    }
}
