/// A namespace-qualified XML name, such as `{DAV:}displayname`.
///
/// Clark notation appears only in `description` and the XML codec; code uses the constants in
/// `XMLName+Constants.swift` (`.dav.displayName`).
public struct XMLName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The namespace URI (empty for no namespace).
    public var namespace: String
    /// The local name.
    public var name: String

    public init(_ namespace: String, _ name: String) {
        self.namespace = namespace
        self.name = name
    }

    public var description: String { "{\(namespace)}\(name)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

/// A node of an XML document: an element or character data.
public enum XMLNode: Sendable, Hashable {
    case element(XMLElement)
    case text(String)
}

/// An XML element with its namespace-qualified name, attributes and children in document order.
public struct XMLElement: Sendable, Hashable {
    public var name: XMLName
    public var attributes: [XMLName: String]
    public var children: [XMLNode]

    public init(_ name: XMLName, attributes: [XMLName: String] = [:], children: [XMLNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// An element holding only text.
    public init(_ name: XMLName, text: String) {
        self.init(name, children: text.isEmpty ? [] : [.text(text)])
    }

    /// The child elements, in order.
    public var elements: [XMLElement] {
        children.compactMap {
            if case .element(let element) = $0 { return element }
            return nil
        }
    }

    /// The first child element with this name.
    public func first(_ name: XMLName) -> XMLElement? {
        for case .element(let element) in children where element.name == name { return element }
        return nil
    }

    /// All child elements with this name.
    public func all(_ name: XMLName) -> [XMLElement] {
        elements.filter { $0.name == name }
    }

    /// The concatenated character data of this element and its descendants.
    public var text: String {
        var out = ""
        for child in children {
            switch child {
            case .text(let text): out += text
            case .element(let element): out += element.text
            }
        }
        return out
    }

    /// The text with surrounding whitespace removed.
    public var trimmedText: String {
        let text = self.text
        // Most values (an href, a token) have nothing to trim: visible ASCII at both ends.
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F,
            last > 0x20, last < 0x7F
        {
            return text
        }
        var s = Substring(text)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
