import ContentLine

/// A vCard (RFC 6350): its properties as content lines, groups kept, in order.
///
/// A first shape for the CardDAV issue; it shares the content-line layer with iCalendar.
public struct VCard: Sendable, Hashable {
    public var properties: [ContentLine]

    public init(properties: [ContentLine]) { self.properties = properties }

    /// Parses one `BEGIN:VCARD` … `END:VCARD` block.
    public init(parsing text: String) throws(ContentLineError) {
        let lines = try ContentLineReader.readAll(
            Array(text.utf8), options: .init(lenient: true, splitsGroups: true))
        properties = lines.filter {
            !(($0.name == "BEGIN" || $0.name == "END") && $0.value.uppercased() == "VCARD")
        }
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
