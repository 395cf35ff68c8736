/// A cheap test on a card's stored bytes, before parsing it: `false` only when the card cannot
/// match (a text-match whose text is nowhere in the unfolded bytes), `true` otherwise.
///
/// It lets `addressbook-query` skip parsing the cards a search by e-mail or name cannot find.
/// Conservative by construction: negated matches, parameter tests, texts with characters that
/// TEXT escaping changes (`\` `,` `;` line breaks) and non-ASCII texts under
/// `i;unicode-casemap` always pass.
extension AddressBookFilter {
    public func mayMatch(_ raw: [UInt8]) -> Bool {
        guard !propFilters.isEmpty else { return true }
        let unfolded = Self.unfolded(raw)
        switch test {
        case .anyOf: return propFilters.contains { $0.mayMatch(unfolded) }
        case .allOf: return propFilters.allSatisfy { $0.mayMatch(unfolded) }
        }
    }

    /// The bytes with folding (a line break followed by a space or tab) removed.
    static func unfolded(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == 0x0D, index + 2 < raw.count, raw[index + 1] == 0x0A,
                raw[index + 2] == 0x20 || raw[index + 2] == 0x09
            {
                index += 3
                continue
            }
            if byte == 0x0A, index + 1 < raw.count, raw[index + 1] == 0x20 || raw[index + 1] == 0x09
            {
                index += 2
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }
}

extension CardPropFilter {
    func mayMatch(_ unfolded: [UInt8]) -> Bool {
        if isNotDefined || textMatches.isEmpty { return true }
        switch test {
        case .allOf: return textMatches.allSatisfy { $0.mayMatch(unfolded) }
        case .anyOf: return !paramFilters.isEmpty || textMatches.contains { $0.mayMatch(unfolded) }
        }
    }
}

extension CardTextMatch {
    func mayMatch(_ unfolded: [UInt8]) -> Bool {
        if negate || text.isEmpty { return true }
        let needle = Array(text.utf8)
        if needle.contains(where: { [0x5C, 0x2C, 0x3B, 0x0A, 0x0D].contains($0) }) { return true }
        if collation == .unicodeCasemap && needle.contains(where: { $0 >= 0x80 }) { return true }
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        let folds = collation != .octet
        let target = folds ? needle.map(lower) : needle
        guard target.count <= unfolded.count else { return false }
        var start = 0
        while start <= unfolded.count - target.count {
            var offset = 0
            while offset < target.count {
                let byte = unfolded[start + offset]
                if (folds ? lower(byte) : byte) != target[offset] { break }
                offset += 1
            }
            if offset == target.count { return true }
            start += 1
        }
        return false
    }
}
