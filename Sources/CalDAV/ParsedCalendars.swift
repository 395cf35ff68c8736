import ICalendar
import Synchronization

/// Calendar objects parsed by the reports, kept by their exact bytes for the next report.
///
/// A client that queries a window or asks for expanded instances asks again minutes later, and
/// the objects it gets back are mostly the same stored bytes: parsing them again was 13 % of an
/// expanding calendar-query (issue 4's profile). The key is the bytes themselves (hashed whole,
/// compared whole on a hit), so a changed object, or the sharee's filtered view of a private
/// one, can never be answered from another's parse. Bounded by the bytes it keeps: past
/// `budget`, everything is dropped and the cache fills again (a query over more objects than
/// fit costs a hash and an insert per object, against the parse it would pay anyway).
public enum ParsedCalendars {
    /// The octets of source the cache keeps at most (the parsed forms take a few times that).
    static let budget = 4 << 20

    private struct Key: Hashable, Sendable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private struct State {
        var entries: [Key: Component] = [:]
        var bytes = 0
    }

    private static let state = Mutex(State())

    /// The object `data` holds, parsed; `nil` when it does not parse.
    public static func component(parsing data: [UInt8]) -> Component? {
        let key = Key(bytes: data)
        if let known = state.withLock({ $0.entries[key] }) { return known }
        guard let parsed = try? Component(parsing: data) else { return nil }
        // An object larger than the budget is parsed for this use only.
        guard data.count <= budget else { return parsed }
        state.withLock { state in
            if state.bytes + data.count > budget {
                state.entries.removeAll()
                state.bytes = 0
            }
            if state.entries.updateValue(parsed, forKey: key) == nil { state.bytes += data.count }
        }
        return parsed
    }
}
