import ContentLine

/// A vCard (RFC 6350, RFC 2426): its properties as content lines, groups kept, in order.
///
/// The generic layer under the typed views (`VCard+Properties.swift`): a property the typed
/// views do not know, its group and its parameters round-trip unchanged, and values are kept
/// as written (escapes intact), so PHOTO data survives byte for byte.
public struct VCard: Sendable, Hashable {
    public var properties: [ContentLine]

    public init(properties: [ContentLine]) { self.properties = properties }

    /// Parses one `BEGIN:VCARD` … `END:VCARD` block: the properties between the first BEGIN:VCARD
    /// and its END (or the end of the text). Lines before BEGIN:VCARD are not part of the card
    /// (and could not be written back in their place: FuzzVCard found a leading line that read
    /// back as a continuation of BEGIN); text without BEGIN:VCARD is `missing-begin`.
    public init(parsing text: String) throws(ContentLineError) {
        let lines = try ContentLineReader.readAll(
            Array(text.utf8), options: .init(lenient: true, splitsGroups: true))
        guard let begin = lines.firstIndex(where: { Self.isMarker($0, "BEGIN") }) else {
            throw ContentLineError(.missingBegin, "no BEGIN:VCARD line", line: 1, column: 1)
        }
        let body = lines[(begin + 1)...]
        let end = body.firstIndex { Self.isMarker($0, "END") } ?? body.endIndex
        properties = Array(body[..<end])
    }

    /// Parses and validates the body of a CardDAV address object resource (RFC 6352 §5.1): one
    /// vCard, nothing but it in the text, `BEGIN`/`END`, `VERSION` 3.0 or 4.0, `FN`, `UID`, and
    /// `N` in 3.0 (RFC 2426 §5). `requiresUID` is false for cards a client only reads.
    public static func validated(_ text: String, requiresUID: Bool = true) throws(VCardError)
        -> VCard
    {
        let lines: [ContentLine]
        do {
            lines = try ContentLineReader.readAll(
                Array(text.utf8), options: .init(lenient: true, splitsGroups: true))
        } catch {
            throw VCardError(.syntax, error.description)
        }
        var depth = 0
        var cards = 0
        var card: [ContentLine] = []
        for line in lines {
            if isMarker(line, "BEGIN") {
                depth += 1
                cards += 1
                if depth > 1 || cards > 1 {
                    throw VCardError(.multipleCards, "a resource holds exactly one vCard")
                }
            } else if isMarker(line, "END") {
                guard depth == 1 else {
                    throw VCardError(.missingBeginOrEnd, "END:VCARD without BEGIN:VCARD")
                }
                depth = 0
            } else if depth == 1 {
                card.append(line)
            } else {
                throw VCardError(
                    .missingBeginOrEnd, "\(line.name) outside BEGIN:VCARD … END:VCARD")
            }
        }
        guard cards == 1, depth == 0 else {
            throw VCardError(.missingBeginOrEnd, "no complete BEGIN:VCARD … END:VCARD block")
        }
        let vcard = VCard(properties: card)
        let versions = card.filter { $0.name == "VERSION" }
        guard versions.count == 1, let version = vcard.version else {
            throw VCardError(
                .unsupportedVersion,
                versions.count > 1
                    ? "VERSION appears more than once" : "VERSION must be 3.0 or 4.0")
        }
        var required = ["FN"]
        if requiresUID { required.append("UID") }
        if version == .v3 { required.append("N") }
        for name in required where vcard.property(name) == nil {
            throw VCardError(.missingProperty, "the vCard has no \(name)")
        }
        for name in ["UID", "REV", "N", "KIND", "PRODID", "BDAY"]
        where card.count(where: { $0.name == name }) > 1 {
            throw VCardError(.duplicateProperty, "\(name) may appear only once")
        }
        return vcard
    }

    static func isMarker(_ line: ContentLine, _ name: String) -> Bool {
        line.name == name && line.group == nil && line.value.uppercased() == "VCARD"
    }

    /// The first property with this name.
    public func property(_ name: String) -> ContentLine? {
        let upper = name.uppercased()
        return properties.first { $0.name == upper }
    }

    /// Every property with this name, in order.
    public func properties(named name: String) -> [ContentLine] {
        let upper = name.uppercased()
        return properties.filter { $0.name == upper }
    }

    /// The `VERSION`, when it is one this server knows.
    public var version: VCardVersion? {
        property("VERSION").flatMap {
            VCardVersion(rawValue: $0.value.trimmedBlanks)
        }
    }

    /// The card serialised with CRLF line ends, folded at 75 octets.
    public func serialized() -> String {
        var out: [UInt8] = Array("BEGIN:VCARD\r\n".utf8)
        for line in properties { ContentLineWriter.write(line, into: &out) }
        out.append(contentsOf: "END:VCARD\r\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmedBlanks: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

extension VCard {
    /// One property of a card: a content line (`[group.]NAME;params:value`).
    public typealias Line = ContentLine
    /// A parameter of a property (`TYPE=work`).
    public typealias Parameter = ContentLineParameter

    /// A TEXT value with its escapes (`\,` `\;` `\n` `\\`) resolved (RFC 6350 §3.4).
    public static func unescapedText(_ raw: String) -> String { TextValue.unescape(raw) }

    /// Text escaped for a TEXT value (RFC 6350 §3.4).
    public static func escapedText(_ text: String) -> String { TextValue.escape(text) }

    /// A structured or list value: each item escaped, joined by `separator` (`;` for `N`,
    /// `ADR`, `ORG`; `,` for `CATEGORIES`).
    public static func joinedText(_ items: [String], separator: String) -> String {
        TextValue.joinList(items, separator: separator)
    }
}
