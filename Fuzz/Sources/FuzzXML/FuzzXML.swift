import CFuzzDriver
import CalDAV
import WebDAV

/// The executable's entry point (SwiftPM maps `main` to it): libFuzzer over `fuzzXML`.
@_cdecl("FuzzXML_main")
public func fuzzXMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>)
    -> CInt
{
    cadence_fuzz_main(argc, argv) { data, size in data.map { fuzzXML($0, size) } ?? 0 }
}

/// libFuzzer entry: the safe WebDAV XML reader and the request bodies read from its tree
/// (PROPFIND, PROPPATCH, calendar-query with its filters and calendar-data, paths in hrefs).
///
/// Invariants: nothing traps; a document type declaration is always refused; whatever parses
/// stays within the reader's depth limit.
func fuzzXML(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let limits = XMLReader.Limits(maximumDepth: 64, maximumElements: 20_000)
    guard let root = try? XMLReader.parse(bytes, limits: limits) else { return 0 }
    if containsDeclaration(bytes) { fatalError("a document type declaration was accepted") }
    if depth(root) > limits.maximumDepth + 1 { fatalError("nesting beyond the limit was accepted") }
    _ = try? PropFind(root)
    _ = try? PropertyUpdate(root)
    _ = try? CalendarQuery(root)
    for element in root.elements {
        _ = try? CalendarDataRequest(element)
        _ = try? CompFilter(element)
        if element.name == .dav.href { _ = DAVPath(element.trimmedText)?.href }
    }
    _ = XMLWriter.document(root)
    return 0
}

/// Whether `<!D…` or `<!E…` (any case) occurs anywhere in the bytes.
func containsDeclaration(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 3 else { return false }
    for i in 0..<(bytes.count - 2) where bytes[i] == 0x3C && bytes[i + 1] == 0x21 {
        if [0x44, 0x64, 0x45, 0x65].contains(bytes[i + 2]) { return true }
    }
    return false
}

/// The element nesting depth of `element` (1 for a leaf), walked without recursion.
func depth(_ element: XMLElement) -> Int {
    var deepest = 0
    var stack: [(XMLElement, Int)] = [(element, 1)]
    while let (next, level) = stack.popLast() {
        deepest = max(deepest, level)
        for child in next.elements { stack.append((child, level + 1)) }
    }
    return deepest
}
