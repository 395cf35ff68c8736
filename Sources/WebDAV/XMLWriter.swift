/// Writes XML responses with stable prefixes for the well-known namespaces (`D:`, `C:`, `CS:`,
/// `ICAL:`, `CR:`) declared once on the root, and a local `x:` prefix declared on each element of
/// any other namespace (dead properties).
///
/// Writes bytes straight into one buffer: a Depth 1 listing of a large calendar is mostly this.
public struct XMLWriter {
    private static let prefixes: [String: [UInt8]] = [
        XMLNamespace.dav: Array("D".utf8), XMLNamespace.calDAV: Array("C".utf8),
        XMLNamespace.calendarServer: Array("CS".utf8), XMLNamespace.appleICal: Array("ICAL".utf8),
        XMLNamespace.cardDAV: Array("CR".utf8),
    ]

    /// ` xmlns:C="…" xmlns:CR="…" …`, sorted by prefix, written once on the root.
    static let rootDeclarations: [UInt8] = {
        var out: [UInt8] = []
        for (namespace, prefix) in prefixes.sorted(by: {
            $0.value.lexicographicallyPrecedes($1.value)
        }) {
            out.append(contentsOf: " xmlns:".utf8)
            out += prefix
            out.append(contentsOf: "=\"".utf8)
            appendEscaped(namespace, attribute: true, into: &out)
            out.append(UInt8(ascii: "\""))
        }
        return out
    }()

    static let declaration = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n".utf8)

    /// The document for `root`, with an XML declaration, as bytes.
    public static func documentBytes(_ root: XMLElement) -> [UInt8] {
        var out = declaration
        out.reserveCapacity(4096)
        write(root, into: &out, isRoot: true)
        return out
    }

    /// The document for `root`, with an XML declaration.
    public static func document(_ root: XMLElement) -> String {
        String(decoding: documentBytes(root), as: UTF8.self)
    }

    /// One element without an XML declaration, declaring its namespaces itself (dead properties).
    public static func fragment(_ element: XMLElement) -> String {
        var out: [UInt8] = []
        write(element, into: &out, isRoot: true)
        return String(decoding: out, as: UTF8.self)
    }

    static func write(_ element: XMLElement, into out: inout [UInt8], isRoot: Bool) {
        appendStartTag(element.name, isRoot: isRoot, into: &out)
        if !element.attributes.isEmpty {
            for (name, value) in element.attributes.sorted(by: { $0.key < $1.key }) {
                out.append(UInt8(ascii: " "))
                out += name.name.utf8
                out.append(contentsOf: "=\"".utf8)
                appendEscaped(value, attribute: true, into: &out)
                out.append(UInt8(ascii: "\""))
            }
        }
        if element.children.isEmpty {
            out.append(contentsOf: "/>".utf8)
            return
        }
        out.append(UInt8(ascii: ">"))
        for child in element.children {
            switch child {
            case .text(let text): appendEscaped(text, attribute: false, into: &out)
            case .element(let inner): write(inner, into: &out, isRoot: false)
            }
        }
        appendEndTag(element.name, into: &out)
    }

    /// `<prefix:name` with its namespace declarations (the root's, or the `x` prefix's), up to
    /// the attributes.
    private static func appendStartTag(_ name: XMLName, isRoot: Bool, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        let unknownNamespace = appendName(name, into: &out)
        if isRoot { out += rootDeclarations }
        if unknownNamespace {
            // Declared on the element itself, so the `x` prefix is safe at every depth.
            out.append(contentsOf: " xmlns:x=\"".utf8)
            appendEscaped(name.namespace, attribute: true, into: &out)
            out.append(UInt8(ascii: "\""))
        }
    }

    /// `</prefix:name>`.
    private static func appendEndTag(_ name: XMLName, into out: inout [UInt8]) {
        out.append(contentsOf: "</".utf8)
        _ = appendName(name, into: &out)
        out.append(UInt8(ascii: ">"))
    }

    /// Appends the element `XMLElement(name, text: text)` as `write` writes it, without making
    /// the element.
    public static func appendTextElement(_ name: XMLName, text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendTextElement(name, escaping: $0, into: &out) }
    }

    /// Appends the element `XMLElement(name, text: String(decoding: utf8, as: UTF8.self))` as
    /// `write` writes it, without making the string or the element (a calendar object's text,
    /// answered as it is stored).
    public static func appendTextElement(_ name: XMLName, utf8: [UInt8], into out: inout [UInt8]) {
        utf8.withUnsafeBufferPointer { bytes in
            guard isASCII(bytes) else {
                // Decoded first, as the element's text would be: an ill-formed sequence is
                // replaced.
                appendTextElement(name, text: String(decoding: bytes, as: UTF8.self), into: &out)
                return
            }
            appendTextElement(name, escaping: bytes, into: &out)
        }
    }

    private static func appendTextElement(
        _ name: XMLName, escaping text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]
    ) {
        appendStartTag(name, isRoot: false, into: &out)
        if text.isEmpty {
            out.append(contentsOf: "/>".utf8)
            return
        }
        out.append(UInt8(ascii: ">"))
        appendEscaped(bytes: text, attribute: false, into: &out)
        appendEndTag(name, into: &out)
    }

    /// Appends `prefix:name`; returns whether the namespace is not a well-known one (`x:`).
    private static func appendName(_ name: XMLName, into out: inout [UInt8]) -> Bool {
        var unknown = false
        let namespace = name.namespace
        if !namespace.isEmpty {
            // Compared in turn rather than hashed: this runs for every element written.
            if namespace == XMLNamespace.dav {
                out.append(UInt8(ascii: "D"))
            } else if namespace == XMLNamespace.calDAV {
                out.append(UInt8(ascii: "C"))
            } else if let prefix = prefixes[namespace] {
                out += prefix
            } else {
                out.append(UInt8(ascii: "x"))
                unknown = true
            }
            out.append(UInt8(ascii: ":"))
        }
        var local = name.name
        local.withUTF8 { out.append(contentsOf: $0) }
        return unknown
    }

    /// Appends `text` escaped for character data or, with `attribute`, an attribute value.
    static func appendEscaped(_ text: String, attribute: Bool, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped(bytes: $0, attribute: attribute, into: &out) }
    }

    private static func appendEscaped(
        bytes: UnsafeBufferPointer<UInt8>, attribute: Bool, into out: inout [UInt8]
    ) {
        guard let base = bytes.baseAddress else { return }
        // Every byte that needs escaping is below 64: one shift and test a byte, not a switch
        // (escaping was the largest single cost of a Depth 1 listing's responses).
        let mask = attribute ? escapedInAttributes : escapedInText
        let count = bytes.count
        var start = 0
        var index = 0
        func escape(_ index: Int) {
            let byte = base[index]
            guard byte < 64, mask & (1 << UInt64(byte)) != 0 else { return }
            let replacement: StaticString
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case 0x0D: replacement = "&#13;"
            case 0x0A: replacement = "&#10;"
            case 0x09: replacement = "&#9;"
            default: replacement = "&quot;"
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
            out.append(
                contentsOf: UnsafeBufferPointer(
                    start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            start = index + 1
        }
        if !attribute {
            // Character data (a calendar object's text, most of a REPORT's bytes) eight bytes
            // at a time: a word without `&`, `<`, `>` or CR is passed over whole (escaping byte
            // by byte was 7–10 % of a one-month query's CPU, issue 4).
            let raw = UnsafeRawPointer(base)
            while count - index >= 8 {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if Self.holdsEscapedTextByte(word) {
                    for offset in index..<(index + 8) { escape(offset) }
                }
                index += 8
            }
        }
        while index < count {
            escape(index)
            index += 1
        }
        out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
    }

    /// Whether any of the eight bytes of `word` is `&`, `<`, `>` or CR (`escapedInText`): a
    /// byte equal to `c` is a zero byte of `word ^ c…c`, which `(x - 0x01…01) & ~x & 0x80…80`
    /// finds (it may mark a byte after a true zero too, never a word without one).
    @inline(__always)
    static func holdsEscapedTextByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x }
        let found =
            zeroByte(word ^ (ones &* UInt64(UInt8(ascii: "&"))))
            | zeroByte(word ^ (ones &* UInt64(UInt8(ascii: "<"))))
            | zeroByte(word ^ (ones &* UInt64(UInt8(ascii: ">"))))
            | zeroByte(word ^ (ones &* 0x0D))
        return found & 0x8080_8080_8080_8080 != 0
    }

    /// Whether every byte is ASCII, eight bytes at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var bits: UInt64 = 0
        while bytes.count - index >= 8 {
            bits |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            bits |= UInt64(base[index])
            index += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }

    /// The bytes escaped in character data (`&`, `<`, `>`, CR), as bits of a mask.
    private static let escapedInText: UInt64 =
        1 << UInt64(UInt8(ascii: "&")) | 1 << UInt64(UInt8(ascii: "<"))
        | 1 << UInt64(UInt8(ascii: ">")) | 1 << 0x0D
    /// … and in attribute values: `"` too, and LF and tab, which a parser would otherwise
    /// normalise to spaces (XML 1.0 §3.3.3).
    private static let escapedInAttributes: UInt64 =
        escapedInText | 1 << UInt64(UInt8(ascii: "\"")) | 1 << 0x0A | 1 << 0x09

    /// Escapes character data.
    public static func escapeText(_ text: String) -> String {
        var out: [UInt8] = []
        appendEscaped(text, attribute: false, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes an attribute value.
    public static func escapeAttribute(_ text: String) -> String {
        var out: [UInt8] = []
        appendEscaped(text, attribute: true, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
