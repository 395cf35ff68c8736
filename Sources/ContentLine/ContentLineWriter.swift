/// Writes content lines: CRLF line ends, folded at 75 octets without splitting a UTF-8 character
/// (RFC 5545 §3.1), parameter values quoted when they hold `:`, `;` or `,` and RFC 6868-escaped.
public enum ContentLineWriter {
    /// The longest physical line, in octets, not counting the CRLF.
    public static let maximumLineLength = 75

    /// Appends `line` to `out`, folded and terminated by CRLF.
    public static func write(_ line: ContentLine, into out: inout [UInt8]) {
        let start = out.count
        if let group = line.group {
            out.append(contentsOf: group.utf8)
            out.append(0x2E)
        }
        out.append(contentsOf: line.name.utf8)
        for parameter in line.parameters {
            out.append(0x3B)
            out.append(contentsOf: parameter.name.utf8)
            if parameter.values.isEmpty { continue }
            out.append(0x3D)
            for (index, value) in parameter.values.enumerated() {
                if index > 0 { out.append(0x2C) }
                appendParameterValue(value, into: &out)
            }
        }
        out.append(0x3A)
        out.append(contentsOf: line.value.utf8)
        if out.count - start > maximumLineLength { fold(from: start, in: &out) }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// The serialised form of one line, as a string (CRLF included).
    public static func string(_ line: ContentLine) -> String {
        var out: [UInt8] = []
        write(line, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendParameterValue(_ value: String, into out: inout [UInt8]) {
        var needsQuotes = false
        var needsEscape = false
        for b in value.utf8 {
            switch b {
            case 0x3A, 0x3B, 0x2C: needsQuotes = true
            case 0x22, 0x5E, 0x0A, 0x0D: needsEscape = true
            default: break
            }
        }
        if needsQuotes { out.append(0x22) }
        if needsEscape {
            var previousWasCR = false
            for b in value.utf8 {
                switch b {
                case 0x22: out.append(contentsOf: [0x5E, 0x27])  // ^'
                case 0x5E: out.append(contentsOf: [0x5E, 0x5E])  // ^^
                case 0x0A:
                    if !previousWasCR { out.append(contentsOf: [0x5E, 0x6E]) }  // ^n
                case 0x0D: out.append(contentsOf: [0x5E, 0x6E])
                default: out.append(b)
                }
                previousWasCR = b == 0x0D
            }
        } else {
            out.append(contentsOf: value.utf8)
        }
        if needsQuotes { out.append(0x22) }
    }

    /// Folds the unterminated logical line that starts at `start`.
    private static func fold(from start: Int, in out: inout [UInt8]) {
        let logical = Array(out[start...])
        out.removeSubrange(start...)
        out.reserveCapacity(out.count + logical.count + logical.count / 37 + 3)
        var i = 0
        var limit = maximumLineLength
        while logical.count - i > limit {
            var cut = i + limit
            // Never split a UTF-8 sequence: back off continuation bytes (10xxxxxx).
            while cut > i + 1 && logical[cut] & 0xC0 == 0x80 { cut -= 1 }
            out.append(contentsOf: logical[i..<cut])
            out.append(contentsOf: [0x0D, 0x0A, 0x20])
            i = cut
            limit = maximumLineLength - 1
        }
        out.append(contentsOf: logical[i...])
    }
}
