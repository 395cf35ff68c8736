/// Reads logical content lines from raw bytes (RFC 5545 §3.1, RFC 6350 §3.2).
///
/// Works on bytes: physical lines end in CRLF or a bare LF; a line that starts with a space or a
/// tab continues the previous one (the fold and that one whitespace byte are removed before any
/// UTF-8 decoding, so a multi-byte character split across a fold comes back whole). Blank lines
/// and a leading UTF-8 byte-order mark are skipped. In lenient mode (the default) a physical line
/// that cannot start a property (no colon after its name, or whitespace inside the name) is taken
/// as a continuation whose producer wrote a raw line break, as Outlook and some Android exporters
/// write long descriptions; the break is kept as an escaped `\n` in the value.
public struct ContentLineReader: Sendable {
    /// Reading options.
    public struct Options: Sendable {
        /// Accept the common producer mistakes (missing fold whitespace, odd name characters).
        public var lenient: Bool
        /// Split `group.NAME` into group and name (vCard); iCalendar keeps dots in the name.
        public var splitsGroups: Bool

        public init(lenient: Bool = true, splitsGroups: Bool = false) {
            self.lenient = lenient
            self.splitsGroups = splitsGroups
        }
    }

    private let bytes: [UInt8]
    private let options: Options
    private var position: Int
    private var physicalLine = 0
    private var scratch: [UInt8] = []

    public init(bytes: [UInt8], options: Options = Options()) {
        self.bytes = Self.lineEndsNormalized(bytes)
        self.options = options
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
        } else {
            position = 0
        }
    }

    public init(_ text: String, options: Options = Options()) {
        self.init(bytes: Array(text.utf8), options: options)
    }

    /// Reads every line.
    public static func readAll(
        _ bytes: [UInt8], options: Options = Options()
    ) throws(ContentLineError) -> [ContentLine] {
        var reader = ContentLineReader(bytes: bytes, options: options)
        var lines: [ContentLine] = []
        while let (line, _) = try reader.next() { lines.append(line) }
        return lines
    }

    /// The next logical line and the 1-based physical line number where it starts, or `nil` at the end.
    public mutating func next() throws(ContentLineError) -> (line: ContentLine, lineNumber: Int)? {
        let count = bytes.count
        while position < count {
            let (start, end) = readPhysicalLine()
            if isBlank(start, end) { continue }
            let number = physicalLine
            skipEmptyLinesBeforeFold()
            if !startsContinuation() {
                let line = try bytes.withUnsafeBufferPointer { buffer throws(ContentLineError) in
                    try parse(
                        UnsafeBufferPointer(rebasing: buffer[start..<end]), lineNumber: number)
                }
                return (line, number)
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: bytes[start..<end])
            while true {
                skipEmptyLinesBeforeFold()
                guard startsContinuation() else { break }
                let first = bytes[position]
                let (s, e) = readPhysicalLine()
                if first == 0x20 || first == 0x09 {
                    scratch.append(contentsOf: bytes[(s + 1)..<e])
                } else {
                    // A line that cannot start a property: a raw line break inside the value.
                    scratch.append(contentsOf: [0x5C, 0x6E])  // "\n"
                    scratch.append(contentsOf: bytes[s..<e])
                }
            }
            let line = try scratch.withUnsafeBufferPointer { buffer throws(ContentLineError) in
                try parse(buffer, lineNumber: number)
            }
            return (line, number)
        }
        return nil
    }

    /// `bytes` with every lone CR (one not followed by LF: an old Mac line end, or a stray byte)
    /// turned into LF, so that it ends a physical line wherever it stands. Kept as a value it
    /// could not be written back (the writer folds and ends lines with CRLF), and the round trip
    /// changed the object (found by FuzzICalendar). Returns `bytes` itself when there is none.
    static func lineEndsNormalized(_ bytes: [UInt8]) -> [UInt8] {
        let firstLone: Int? = bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            let count = buffer.count
            while i < count {
                if buffer[i] == 0x0D && (i + 1 == count || buffer[i + 1] != 0x0A) { return i }
                i += 1
            }
            return nil
        }
        guard let firstLone else { return bytes }
        var out = bytes
        for i in firstLone..<out.count where out[i] == 0x0D {
            if i + 1 == out.count || out[i + 1] != 0x0A { out[i] = 0x0A }
        }
        return out
    }

    /// Consumes empty lines at `position` when a folded line (leading space or tab) follows
    /// them: an empty line between a line and its fold must not cut the fold off, or the orphaned
    /// continuation reads as a line of its own and differently after a round trip (found by
    /// FuzzICalendar).
    private mutating func skipEmptyLinesBeforeFold() {
        var probe = position
        var lines = 0
        let count = bytes.count
        while probe < count {
            if bytes[probe] == 0x0A {
                probe += 1
            } else if bytes[probe] == 0x0D && probe + 1 < count && bytes[probe + 1] == 0x0A {
                probe += 2
            } else {
                break
            }
            lines += 1
        }
        guard lines > 0, probe < count, bytes[probe] == 0x20 || bytes[probe] == 0x09 else {
            return
        }
        position = probe
        physicalLine += lines
    }

    /// Reads one physical line, returning its bounds without the line break.
    private mutating func readPhysicalLine() -> (Int, Int) {
        let start = position
        let count = bytes.count
        var end = start
        bytes.withUnsafeBufferPointer { buffer in
            while end < count && buffer[end] != 0x0A { end += 1 }
        }
        position = end < count ? end + 1 : end
        physicalLine += 1
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return (start, end)
    }

    private func isBlank(_ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            let b = bytes[i]
            if b != 0x20 && b != 0x09 && b != 0x0D { return false }
            i += 1
        }
        return true
    }

    /// Whether the physical line at `position` continues the current logical line.
    private func startsContinuation() -> Bool {
        guard position < bytes.count else { return false }
        let first = bytes[position]
        if first == 0x20 || first == 0x09 { return true }
        guard options.lenient, first != 0x0D, first != 0x0A else { return false }
        // Lenient: a line starts a property only when it begins with a name (no whitespace
        // inside) followed by ':' or by ';' and, later in the logical line (across its folds), a
        // ':'. Anything else continues a value whose producer wrote a raw line break. Folds
        // matter: Apple and Google fold long parameter lists before the value's colon.
        var i = position
        let count = bytes.count
        var inName = true
        var sawName = false
        var sawSpaceAfterName = false
        while i < count {
            let b = bytes[i]
            if b == 0x0D, i + 1 < count, bytes[i + 1] == 0x0A {
                // The CR of a CRLF break, not whitespace inside the name (a fold inside a long
                // name must not turn the line into a continuation; found by FuzzICalendar).
                i += 1
                continue
            }
            if b == 0x0A {
                // A fold, possibly after empty lines (as `skipEmptyLinesBeforeFold` reads them).
                var j = i + 1
                while j < count {
                    if bytes[j] == 0x0A {
                        j += 1
                    } else if bytes[j] == 0x0D && j + 1 < count && bytes[j + 1] == 0x0A {
                        j += 2
                    } else {
                        break
                    }
                }
                if j < count, bytes[j] == 0x20 || bytes[j] == 0x09 {
                    i = j + 1
                    continue
                }
                break
            }
            if !inName {
                if b == 0x3A { return false }
            } else {
                switch b {
                case 0x3A: return !sawName
                case 0x3B:
                    if !sawName { return true }
                    inName = false
                case 0x20, 0x09, 0x0D: sawSpaceAfterName = sawName
                default:
                    if sawSpaceAfterName { return true }
                    sawName = true
                }
            }
            i += 1
        }
        return true
    }

    private func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int
    ) throws(ContentLineError) -> ContentLine {
        let count = line.count
        var i = 0
        // Name (and group).
        var groupEnd = -1
        while i < count {
            let b = line[i]
            if b == 0x3B || b == 0x3A { break }  // ; :
            if b == 0x2E && groupEnd < 0 && options.splitsGroups { groupEnd = i }
            if !options.lenient && !Self.isNameByte(b) {
                throw ContentLineError(
                    .invalidName, "invalid character in property name", line: lineNumber,
                    column: i + 1)
            }
            i += 1
        }
        if i == count {
            throw ContentLineError(
                .missingColon, "content line has no ':' separating name and value",
                line: lineNumber, column: count + 1)
        }
        let nameStart = groupEnd >= 0 ? groupEnd + 1 : 0
        var nameEnd = i
        while nameEnd > nameStart && (line[nameEnd - 1] == 0x20 || line[nameEnd - 1] == 0x09) {
            nameEnd -= 1
        }
        if nameEnd == nameStart {
            throw ContentLineError(
                .emptyName, "content line has an empty name", line: lineNumber, column: 1)
        }
        let name = Self.upperString(UnsafeBufferPointer(rebasing: line[nameStart..<nameEnd]))
        let group: String? =
            groupEnd >= 0
            ? String(decoding: UnsafeBufferPointer(rebasing: line[0..<groupEnd]), as: UTF8.self)
            : nil

        var parameters: [ContentLineParameter] = []
        while i < count && line[i] == 0x3B {
            i += 1
            let pStart = i
            while i < count {
                let b = line[i]
                if b == 0x3D || b == 0x3B || b == 0x3A { break }  // = ; :
                i += 1
            }
            if i == count {
                throw ContentLineError(
                    .missingColon, "content line ends inside its parameters", line: lineNumber,
                    column: i + 1)
            }
            var pEnd = i
            while pEnd > pStart && line[pEnd - 1] == 0x20 { pEnd -= 1 }
            if pEnd == pStart {
                if options.lenient && line[i] != 0x3D { continue }  // stray ';'
                throw ContentLineError(
                    .invalidParameter, "parameter with an empty name", line: lineNumber,
                    column: pStart + 1)
            }
            let pName = Self.upperString(UnsafeBufferPointer(rebasing: line[pStart..<pEnd]))
            if line[i] != 0x3D {
                // A bare parameter without '=' (vCard 2.1 `TEL;HOME:`): kept with no values.
                parameters.append(ContentLineParameter(name: pName, values: []))
                continue
            }
            i += 1  // '='
            var values: [String] = []
            while true {
                if i < count && line[i] == 0x22 {  // quoted
                    let vStart = i + 1
                    var j = vStart
                    while j < count && line[j] != 0x22 { j += 1 }
                    if j == count {
                        throw ContentLineError(
                            .unterminatedQuote, "quoted parameter value is not closed",
                            line: lineNumber, column: i + 1)
                    }
                    values.append(
                        Self.decodeParameterValue(UnsafeBufferPointer(rebasing: line[vStart..<j])))
                    i = j + 1
                    // Lenient: text after the closing quote up to the next delimiter is appended.
                    let extraStart = i
                    while i < count && line[i] != 0x2C && line[i] != 0x3B && line[i] != 0x3A {
                        i += 1
                    }
                    if i > extraStart {
                        if !options.lenient {
                            throw ContentLineError(
                                .invalidParameter, "characters after a quoted parameter value",
                                line: lineNumber, column: extraStart + 1)
                        }
                        values[values.count - 1] += Self.decodeParameterValue(
                            UnsafeBufferPointer(rebasing: line[extraStart..<i]))
                    }
                } else {
                    let vStart = i
                    while i < count {
                        let b = line[i]
                        if b == 0x2C || b == 0x3B || b == 0x3A { break }
                        i += 1
                    }
                    values.append(
                        Self.decodeParameterValue(UnsafeBufferPointer(rebasing: line[vStart..<i])))
                }
                if i == count {
                    throw ContentLineError(
                        .missingColon, "content line ends inside a parameter value",
                        line: lineNumber, column: i + 1)
                }
                if line[i] == 0x2C {
                    i += 1
                    continue
                }
                break
            }
            parameters.append(ContentLineParameter(name: pName, values: values))
        }
        // line[i] is ':'
        let value = String(
            decoding: UnsafeBufferPointer(rebasing: line[(i + 1)..<count]), as: UTF8.self)
        return ContentLine(group: group, name: name, parameters: parameters, value: value)
    }

    @inline(__always)
    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || b == 0x2D
            || b == 0x2E
    }

    /// An uppercased string, without allocating when the bytes are already uppercase ASCII.
    private static func upperString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var needsUpper = false
        for b in bytes where b >= 0x61 && b <= 0x7A {
            needsUpper = true
            break
        }
        if !needsUpper { return String(decoding: bytes, as: UTF8.self) }
        let upper = bytes.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        return String(decoding: upper, as: UTF8.self)
    }

    /// Resolves RFC 6868 escapes: `^n` newline, `^'` double quote, `^^` caret; others stay as written.
    static func decodeParameterValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(0x5E) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x5E && i + 1 < bytes.count {
                switch bytes[i + 1] {
                case 0x6E, 0x4E:
                    out.append(0x0A)
                    i += 2
                    continue
                case 0x27:
                    out.append(0x22)
                    i += 2
                    continue
                case 0x5E:
                    out.append(0x5E)
                    i += 2
                    continue
                default: break
                }
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
