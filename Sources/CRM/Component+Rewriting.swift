import ICalendar

extension Component {
    /// Rewrites the properties named `names` to `desired`, in place (RFC 5545 §3.5 keeps no
    /// order, but clients and diffs do): each desired property takes the place of the first old
    /// one of its name, keeping that one's other parameters; old ones left over are removed; new
    /// ones are appended after the last property (before any sub-component when serialised).
    mutating func rewrite(_ names: Set<String>, with desired: [Property]) {
        var remaining = desired
        var result: [Property] = []
        result.reserveCapacity(properties.count + desired.count)
        for old in properties {
            guard names.contains(old.name) else {
                result.append(old)
                continue
            }
            if let index = remaining.firstIndex(where: { $0.name == old.name }) {
                result.append(remaining.remove(at: index).merged(keeping: old))
            }
        }
        result.append(contentsOf: remaining)
        properties = result
    }
}

extension Property {
    /// Parameters whose meaning is the value's, dropped from an old property when its value is
    /// rewritten unless the new one sets them.
    static let valueBoundParameters: Set<String> = [
        "VALUE", "TZID", "ALTREP", "RELATED", "ENCODING", "FMTTYPE",
    ]

    /// This property with the parameters of `old` that it does not set kept in their places
    /// (except value-bound ones such as `TZID` or `ALTREP`), and its own new ones after them.
    func merged(keeping old: Property) -> Property {
        var parameters: [Parameter] = []
        var used: Set<String> = []
        for parameter in old.parameters {
            if let replacement = self.parameters.first(where: { $0.name == parameter.name }) {
                if used.insert(parameter.name).inserted { parameters.append(replacement) }
            } else if !Self.valueBoundParameters.contains(parameter.name) {
                parameters.append(parameter)
            }
        }
        parameters.append(contentsOf: self.parameters.filter { !used.contains($0.name) })
        return Property(name: name, parameters: parameters, value: value)
    }
}
