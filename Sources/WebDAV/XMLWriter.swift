/// Writes XML responses with stable prefixes for the well-known namespaces (`D:`, `C:`, `CS:`,
/// `ICAL:`, `CR:`) declared once on the root, and fresh prefixes for any other namespace.
public struct XMLWriter {
    private var out: String = ""
    private var prefixes: [String: String]
    private var extraDeclarations: [String: String] = [:]

    public init() {
        prefixes = [
            XMLNamespace.dav: "D", XMLNamespace.calDAV: "C", XMLNamespace.calendarServer: "CS",
            XMLNamespace.appleICal: "ICAL", XMLNamespace.cardDAV: "CR",
        ]
    }

    /// The document for `root`, with an XML declaration.
    public static func document(_ root: XMLElement) -> String {
        var writer = XMLWriter()
        var body = ""
        writer.write(root, into: &body, isRoot: true)
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + body
    }

    /// One element without an XML declaration, declaring its namespaces itself (dead properties).
    public static func fragment(_ element: XMLElement) -> String {
        var writer = XMLWriter()
        var body = ""
        writer.write(element, into: &body, isRoot: true)
        return body
    }

    private mutating func write(_ element: XMLElement, into out: inout String, isRoot: Bool) {
        var declarations = ""
        if isRoot {
            for (namespace, prefix) in prefixes.sorted(by: { $0.value < $1.value }) {
                declarations += " xmlns:\(prefix)=\"\(Self.escapeAttribute(namespace))\""
            }
        }
        let tag: String
        if element.name.namespace.isEmpty {
            tag = element.name.name
        } else if let prefix = prefixes[element.name.namespace] {
            tag = "\(prefix):\(element.name.name)"
        } else {
            // An unknown namespace (a dead property): declare it on the element itself.
            tag = "x:\(element.name.name)"
            declarations += " xmlns:x=\"\(Self.escapeAttribute(element.name.namespace))\""
        }
        out += "<" + tag + declarations
        for (name, value) in element.attributes.sorted(by: { $0.key < $1.key }) {
            out += " \(name.name)=\"\(Self.escapeAttribute(value))\""
        }
        if element.children.isEmpty {
            out += "/>"
            return
        }
        out += ">"
        // Children of an element in an unknown namespace get their own declarations too, so the
        // `x` prefix can be reused safely at every depth.
        for child in element.children {
            switch child {
            case .text(let text): out += Self.escapeText(text)
            case .element(let inner): write(inner, into: &out, isRoot: false)
            }
        }
        out += "</" + tag + ">"
    }

    /// Escapes character data.
    public static func escapeText(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x0D })
        else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escapes an attribute value.
    public static func escapeAttribute(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
