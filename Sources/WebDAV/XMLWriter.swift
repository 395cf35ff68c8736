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
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            // Decoded first, as the element's text would be: an ill-formed sequence is replaced.
            appendTextElement(name, text: String(decoding: utf8, as: UTF8.self), into: &out)
            return
        }
        utf8.withUnsafeBufferPointer { appendTextElement(name, escaping: $0, into: &out) }
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
        // Every byte that needs escaping is below 64: one shift and test a byte, not a switch
        // (escaping was the largest single cost of a Depth 1 listing's responses).
        let mask = attribute ? escapedInAttributes : escapedInText
        var start = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 64, mask & (1 << UInt64(byte)) != 0 else { continue }
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
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            out.append(
                contentsOf: UnsafeBufferPointer(
                    start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            start = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
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
