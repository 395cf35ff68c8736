import ContentLine

/// A vCard (RFC 6350): its properties as content lines, groups kept, in order.
///
/// A first shape for the CardDAV issue; it shares the content-line layer with iCalendar.
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
        func isMarker(_ line: ContentLine, _ name: String) -> Bool {
            line.name == name && line.group == nil && line.value.uppercased() == "VCARD"
        }
        guard let begin = lines.firstIndex(where: { isMarker($0, "BEGIN") }) else {
            throw ContentLineError(.missingBegin, "no BEGIN:VCARD line", line: 1, column: 1)
        }
        let body = lines[(begin + 1)...]
        let end = body.firstIndex { isMarker($0, "END") } ?? body.endIndex
        properties = Array(body[..<end])
    }

    /// The first property with this name.
    public func property(_ name: String) -> ContentLine? {
        let upper = name.uppercased()
        return properties.first { $0.name == upper }
    }

    /// The card serialised with CRLF line ends, folded at 75 octets.
    public func serialized() -> String {
        var out: [UInt8] = Array("BEGIN:VCARD\r\n".utf8)
        for line in properties { ContentLineWriter.write(line, into: &out) }
        out.append(contentsOf: "END:VCARD\r\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
