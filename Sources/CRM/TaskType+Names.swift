extension TaskType {
    /// The type that a `CATEGORIES` value or `X-CADENCE-TYPE` names (CRM-MAPPING.md, "Calendar
    /// object → task"): the raw value or display name, case-insensitive, or a common translation
    /// (`Phone call`, `Anruf`, `Courriel`, `Réunion`, `Aufgabe`, …); `nil` for any other text.
    public init?(name: some StringProtocol) {
        guard let type = Self.namesByKey[name.trimmedWhitespace.lowercased()] else { return nil }
        self = type
    }

    /// Lowercased names and translations of each type.
    private static let namesByKey: [String: TaskType] = {
        let names: [(TaskType, [String])] = [
            (.call, ["call", "phone", "phone call", "anruf", "appel", "llamada", "telefonat"]),
            (.email, ["email", "e-mail", "mail", "courriel"]),
            (.meeting, ["meeting", "besprechung", "termin", "réunion", "reunión"]),
            (.todo, ["to-do", "todo", "task", "aufgabe", "tâche"]),
        ]
        var byKey: [String: TaskType] = [:]
        for (type, keys) in names {
            for key in keys { byKey[key] = type }
        }
        return byKey
    }()
}

extension StringProtocol {
    /// The text without leading and trailing blanks (spaces, tabs, line ends).
    var trimmedWhitespace: String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else {
            return ""
        }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
