import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The safe, namespace-aware XML reader for request bodies.
///
/// Refuses any document type declaration (`<!DOCTYPE`, `<!ENTITY`) before parsing, so no external
/// entity is ever resolved and no entity expansion bomb can grow (WebDAV bodies never need a DTD;
/// RFC 4918 §20.6). Also bounds nesting depth and element count.
public enum XMLReader {
    /// Limits applied while reading.
    public struct Limits: Sendable {
        public var maximumDepth: Int
        public var maximumElements: Int

        public init(maximumDepth: Int = 64, maximumElements: Int = 200_000) {
            self.maximumDepth = maximumDepth
            self.maximumElements = maximumElements
        }
    }

    /// Parses `bytes` into its root element, or throws a `400 Bad Request` `DAVError`.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(DAVError)
        -> XMLElement
    {
        if containsDeclaration(bytes) {
            throw DAVError(status: 400, reason: "XML document type declarations are not accepted")
        }
        if containsProcessingInstruction(bytes) {
            throw DAVError(status: 400, reason: "XML processing instructions are not accepted")
        }
        if !isDecodable(bytes) {
            throw DAVError(
                status: 400, reason: "XML body is neither UTF-8 nor UTF-16 with a byte-order mark")
        }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder(limits: limits)
        parser.delegate = builder
        let ok = parser.parse()
        if let failure = builder.failure { throw failure }
        guard ok, let root = builder.root else {
            let line = parser.lineNumber
            let column = parser.columnNumber
            throw DAVError(
                status: 400, reason: "malformed XML body near line \(line), column \(column)")
        }
        return root
    }

    /// Whether the parser may be given `bytes`: valid UTF-8, or UTF-16 with a byte-order mark (the
    /// two encodings every XML parser reads, REC-XML §4.3.3); libxml2 converts UTF-16 to UTF-8.
    ///
    /// Anything else reaches Foundation's XMLParser unconverted, and its callbacks trap on
    /// invalid UTF-8 in a name or a processing instruction: one request body would stop the
    /// server (found by FuzzXML, issue 8). An 8-bit encoding named in the XML declaration is not
    /// trusted for the same reason.
    static func isDecodable(_ bytes: [UInt8]) -> Bool {
        if String(validating: bytes, as: UTF8.self) != nil { return true }
        return bytes.count >= 2
            && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE))
    }

    /// Whether the document holds a processing instruction (`<?…`) other than the XML declaration
    /// at its very start (after an optional byte-order mark). WebDAV bodies never need one, and
    /// Foundation's XMLParser crashes on one without data (`<?pi?>`: strlen of NULL in its
    /// callback; found by FuzzXML). A UTF-16 body is judged by its declaration alone.
    static func containsProcessingInstruction(_ bytes: [UInt8]) -> Bool {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        let count = bytes.count
        var i = start
        while i + 1 < count {
            if bytes[i] == 0x3C && bytes[i + 1] == 0x3F {  // "<?"
                let isDeclaration =
                    i == start && i + 5 < count
                    && bytes[(i + 2)..<(i + 5)].elementsEqual("xml".utf8)
                    && [0x20, 0x09, 0x0D, 0x0A].contains(bytes[i + 5])
                if !isDeclaration { return true }
            }
            i += 1
        }
        return false
    }

    /// Whether the document holds `<!DOCTYPE` or `<!ENTITY` (outside of nothing: any occurrence).
    static func containsDeclaration(_ bytes: [UInt8]) -> Bool {
        let count = bytes.count
        var i = 0
        while i + 2 < count {
            if bytes[i] == 0x3C && bytes[i + 1] == 0x21 {  // "<!"
                let c = bytes[i + 2]
                if c == 0x44 || c == 0x64 || c == 0x45 || c == 0x65 { return true }  // D d E e
            }
            i += 1
        }
        return false
    }
}

/// Builds the element tree from parser events.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    let limits: XMLReader.Limits
    var stack: [XMLElement] = []
    var root: XMLElement?
    var failure: DAVError?
    var elementCount = 0

    init(limits: XMLReader.Limits) { self.limits = limits }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        elementCount += 1
        if stack.isEmpty && root != nil {
            // libxml2 through XMLParser reports a second root element instead of failing.
            failure = DAVError(status: 400, reason: "XML body has more than one root element")
            parser.abortParsing()
            return
        }
        if stack.count >= limits.maximumDepth || elementCount > limits.maximumElements {
            failure = DAVError(
                status: 400, reason: "XML body nests too deep or has too many elements")
            parser.abortParsing()
            return
        }
        if (namespaceURI ?? "").isEmpty, let qName, qName.utf8.contains(UInt8(ascii: ":")) {
            // A prefix bound to no namespace (`xmlns:foo=""`) is not namespace-well-formed.
            failure = DAVError(
                status: 400,
                reason: "XML element \(qName) has an undeclared or empty namespace prefix")
            parser.abortParsing()
            return
        }
        var attributes: [XMLName: String] = [:]
        for (key, value) in attributeDict where !key.hasPrefix("xmlns") {
            attributes[XMLName("", key)] = value
        }
        stack.append(XMLElement(XMLName(namespaceURI ?? "", elementName), attributes: attributes))
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard let done = stack.popLast() else { return }
        if stack.isEmpty {
            root = done
        } else {
            stack[stack.count - 1].children.append(.element(done))
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        let last = stack.count - 1
        if case .text(let previous) = stack[last].children.last {
            stack[last].children[stack[last].children.count - 1] = .text(previous + string)
        } else {
            stack[last].children.append(.text(string))
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        // libxml2 reports content after the root element ("Extra content at the end of the
        // document") here while XMLParser.parse() still answers true.
        if failure == nil {
            failure = DAVError(
                status: 400,
                reason: "malformed XML body near line \(parser.lineNumber), column "
                    + "\(parser.columnNumber)")
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?)
        -> Data?
    {
        nil
    }
}
