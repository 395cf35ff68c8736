import ICalendar
import VCard

/// The two-way mapping CRM contact ⇄ vCard (CRM-MAPPING.md, "Contact → vCard").
///
/// The card a client sent is the source of truth: the contact is its projection
/// (`contact(from:id:ownerID:)`), and a CRM edit rewrites only the mapped properties of the
/// stored card (`card(for:patching:updatedAt:)`), keeping every other line, group and
/// parameter as it was.
public enum ContactMapping {
    /// The property that names the CRM contact a card projects to.
    public static let contactIDName = "X-CADENCE-CONTACT-ID"

    /// `TYPE` values that say nothing a CRM label shows.
    static let unlabelledTypes: Set<String> = ["internet", "pref", "voice", "x400", "text"]

    // MARK: Card → contact

    /// The contact the card projects to, with the given id and owner (the caller decides the
    /// id: the contact already linked to the card, else a new one). Empty values are left
    /// out; e-mail addresses without `@` and phone numbers without digits stay in the card
    /// but not in the contact.
    public static func contact(from card: VCard, id: String, ownerID: Int64) -> Contact {
        let emails = card.emails.compactMap { value -> LabeledValue? in
            let address = value.value.trimmed
            guard address.contains("@") else { return nil }
            return LabeledValue(label: label(value.types), value: address)
        }
        let phones = card.phones.compactMap { value -> LabeledValue? in
            let number = value.value.trimmed
            guard number.contains(where: \.isNumber) else { return nil }
            return LabeledValue(label: label(value.types), value: number)
        }
        var name = card.formattedName?.trimmed ?? ""
        if name.isEmpty, let n = card.structuredName {
            name = [n.given, n.family].map(\.trimmed).filter { !$0.isEmpty }.joined(separator: " ")
        }
        if name.isEmpty { name = emails.first?.value ?? phones.first?.value ?? "Unnamed" }
        let address = card.addresses.first.flatMap { adr -> PostalAddress? in
            let postal = PostalAddress(
                street: adr.street.nonEmptyTrimmed, locality: adr.locality.nonEmptyTrimmed,
                region: adr.region.nonEmptyTrimmed, postalCode: adr.postalCode.nonEmptyTrimmed,
                country: adr.country.nonEmptyTrimmed)
            return postal == PostalAddress() ? nil : postal
        }
        return Contact(
            id: id, ownerID: ownerID, name: name,
            company: card.organization?.first?.nonEmptyTrimmed,
            title: card.title?.nonEmptyTrimmed, emails: emails, phones: phones, address: address,
            notes: card.note?.nonEmptyTrimmed, tags: card.categories.map(\.trimmed))
    }

    /// The CRM label of a value's `TYPE`s: the first that says something (`cell` → `mobile`).
    static func label(_ types: [String]) -> String? {
        guard let type = types.first(where: { !unlabelledTypes.contains($0) }) else { return nil }
        return type == "cell" ? "mobile" : type
    }

    /// The `TYPE` a CRM label is written as.
    static func type(ofLabel label: String?) -> String? {
        guard let label = label?.trimmed.lowercased(), !label.isEmpty else { return nil }
        return label == "mobile" ? "cell" : label
    }

    // MARK: Contact → card

    /// The card for `contact`: `existing` with the mapped properties rewritten (every other
    /// line kept where it was), or a new vCard 3.0 whose UID is the contact's id. `updatedAt`
    /// (UTC seconds) becomes `REV`.
    public static func card(for contact: Contact, patching existing: VCard?, updatedAt: Int64)
        -> VCard
    {
        var lines =
            existing?.properties ?? [
                VCard.Line(name: "VERSION", value: "3.0"),
                VCard.Line(name: "PRODID", value: "-//Cadence//CRM//EN"),
                VCard.Line(name: "UID", value: contact.id),
            ]
        let previousName = existing?.formattedName
        set(&lines, "FN", VCard.escapedText(contact.name))
        if previousName != contact.name || !lines.contains(where: { $0.name == "N" }) {
            let words = contact.name.split(separator: " ").map(String.init)
            let family = words.count > 1 ? words[words.count - 1] : ""
            let given = words.count > 1 ? words.dropLast().joined(separator: " ") : contact.name
            set(&lines, "N", VCard.joinedText([family, given, "", "", ""], separator: ";"))
        }
        if let company = contact.company?.nonEmptyTrimmed {
            var parts = existing?.organization ?? []
            if parts.first != company {
                if parts.isEmpty { parts = [company] } else { parts[0] = company }
                set(&lines, "ORG", VCard.joinedText(parts, separator: ";"))
            }
        } else {
            lines.removeAll { $0.name == "ORG" }
        }
        set(&lines, "TITLE", contact.title?.nonEmptyTrimmed.map(VCard.escapedText))
        set(&lines, "NOTE", contact.notes?.nonEmptyTrimmed.map(VCard.escapedText))
        if existing?.categories != contact.tags {
            let at = lines.firstIndex { $0.name == "CATEGORIES" }
            lines.removeAll { $0.name == "CATEGORIES" }
            if !contact.tags.isEmpty {
                let line = VCard.Line(
                    name: "CATEGORIES", value: VCard.joinedText(contact.tags, separator: ","))
                lines.insert(line, at: min(at ?? lines.count, lines.count))
            }
        }
        merge(&lines, "EMAIL", contact.emails, isMapped: { $0.contains("@") }) { $0.lowercased() }
        merge(&lines, "TEL", contact.phones, isMapped: { $0.contains(where: \.isNumber) }) {
            $0.filter(\.isNumber)
        }
        patchAddress(&lines, contact.address)
        set(&lines, "REV", revision(updatedAt))
        set(&lines, contactIDName, contact.id)
        return VCard(properties: lines)
    }

    /// Replaces the first `name` line's value (keeping its group and parameters), adds one at
    /// the end, or with `nil` removes every `name` line.
    static func set(_ lines: inout [VCard.Line], _ name: String, _ value: String?) {
        guard let value else {
            lines.removeAll { $0.name == name }
            return
        }
        if let index = lines.firstIndex(where: { $0.name == name }) {
            lines[index].value = value
        } else {
            lines.append(VCard.Line(name: name, value: value))
        }
    }

    /// Rewrites the `name` lines to the contact's values in order: a line whose value is
    /// one of them is kept as it is (group, `X-ABLabel`, parameters), its `TYPE` rewritten only
    /// when the CRM label differs; lines of values the contact no longer has go; new values
    /// get new lines. The lines take the place of the first one.
    static func merge(
        _ lines: inout [VCard.Line], _ name: String, _ values: [LabeledValue],
        isMapped: (String) -> Bool, key: (String) -> String
    ) {
        let at = lines.firstIndex { $0.name == name } ?? lines.count
        var old = lines.filter { $0.name == name }
        var merged: [VCard.Line] = []
        for value in values {
            let wanted = key(value.value)
            if let index = old.firstIndex(where: {
                key(stripTel($0.value)) == wanted && !wanted.isEmpty
            }) {
                var line = old.remove(at: index)
                if label(VCard.types(of: line).types) != value.label?.nonEmptyTrimmed?.lowercased()
                {
                    line.parameters.removeAll { $0.name == "TYPE" }
                    if let type = type(ofLabel: value.label) {
                        line.parameters.append(.init(name: "TYPE", value: type))
                    }
                }
                merged.append(line)
            } else {
                var parameters: [VCard.Parameter] = []
                if let type = type(ofLabel: value.label) {
                    parameters.append(.init(name: "TYPE", value: type))
                }
                merged.append(
                    VCard.Line(
                        name: name, parameters: parameters, value: VCard.escapedText(value.value)))
            }
        }
        // Lines the projection leaves out (an e-mail address without `@`, a number without
        // digits) are not the contact's: they stay.
        merged += old.filter { !isMapped(stripTel(VCard.unescapedText($0.value))) }
        let before = lines[..<at].filter { $0.name != name }
        let after = lines[at...].filter { $0.name != name }
        lines = before + merged + after
    }

    static func stripTel(_ value: String) -> String {
        value.lowercased().hasPrefix("tel:") ? String(value.dropFirst(4)) : value
    }

    /// Rewrites the first `ADR`'s street, locality, region, postal code and country (post
    /// office box, extended address and parameters kept), adds one, or removes it.
    static func patchAddress(_ lines: inout [VCard.Line], _ address: PostalAddress?) {
        let index = lines.firstIndex { $0.name == "ADR" }
        guard let address else {
            if let index { lines.remove(at: index) }
            return
        }
        var parts =
            index.map {
                VCard(properties: [lines[$0]]).addresses.first.map {
                    [
                        $0.postOfficeBox, $0.extended, $0.street, $0.locality, $0.region,
                        $0.postalCode, $0.country,
                    ]
                } ?? []
            } ?? []
        while parts.count < 7 { parts.append("") }
        let new = [
            address.street ?? "", address.locality ?? "", address.region ?? "",
            address.postalCode ?? "", address.country ?? "",
        ]
        guard Array(parts[2...]) != new else { return }
        parts.replaceSubrange(2..., with: new)
        let value = VCard.joinedText(parts, separator: ";")
        if let index {
            lines[index].value = value
        } else {
            lines.append(VCard.Line(name: "ADR", value: value))
        }
    }

    /// `REV` for a time in UTC seconds: `20261206T120000Z`.
    static func revision(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let date = CalendarDate(dayNumber: Int(days))
        let (year, month, day) = (Int64(date.year), Int64(date.month), Int64(date.day))
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(year)\(two(month))\(two(day))T\(two(rest / 3600))\(two(rest % 3600 / 60))\(two(rest % 60))Z"
    }
}

extension String {
    fileprivate var trimmed: String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    fileprivate var nonEmptyTrimmed: String? {
        let t = trimmed
        return t.isEmpty ? nil : t
    }
}
