import CRM

/// The JSON form of a CRM contact: `{id, name, company, title, emails:[{label, value}], phones,
/// address:{street, locality, region, postalCode, country}, notes, tags, createdAt, updatedAt}`.
enum ContactResource {
    /// The contact as JSON.
    static func json(_ contact: Contact) -> JSONValue {
        .object([
            "id": .string(contact.id),
            "name": .string(contact.name),
            "company": .string(contact.company),
            "title": .string(contact.title),
            "emails": .array(contact.emails.map(labeled)),
            "phones": .array(contact.phones.map(labeled)),
            "address": contact.address.map(address) ?? .null,
            "notes": .string(contact.notes),
            "tags": .array(contact.tags.map(JSONValue.string)),
            "createdAt": .string(APITime.timestamp(contact.createdAt)),
            "updatedAt": .string(APITime.timestamp(contact.updatedAt)),
        ])
    }

    /// The strong ETag of a contact's JSON: its revision (`"r3"`).
    static func etag(_ contact: Contact) -> String { "\"r\(contact.revision)\"" }

    /// The revision an `If-Match` names; a value that is no contact ETag can never match (412).
    static func revision(ifMatch: String?) throws(APIProblem) -> Int64? {
        guard let ifMatch else { return nil }
        let text = ifMatch.hasPrefix("W/") ? String(ifMatch.dropFirst(2)) : ifMatch
        guard text.hasPrefix("\"r"), text.hasSuffix("\""), text.count > 3,
            let revision = Int64(text.dropFirst(2).dropLast())
        else {
            throw APIProblem(.preconditionFailed, detail: "If-Match \(ifMatch) does not match")
        }
        return revision
    }

    /// Reads the editable fields of a request body onto `base` (id, owner, times and revision
    /// are kept; read-only members of the body are ignored).
    static func read(_ value: JSONValue, onto base: Contact) throws(APIProblem) -> Contact {
        var reader = try JSONFieldReader(value)
        var contact = base
        contact.name = reader.string("name", required: true) ?? ""
        contact.company = reader.string("company")
        contact.title = reader.string("title")
        contact.emails = reader.objects("emails", readLabeled)
        contact.phones = reader.objects("phones", readLabeled)
        contact.address = reader.object("address") { object in
            PostalAddress(
                street: object.string("street"), locality: object.string("locality"),
                region: object.string("region"), postalCode: object.string("postalCode"),
                country: object.string("country"))
        }
        contact.notes = reader.string("notes")
        contact.tags = reader.strings("tags")
        for (index, email) in contact.emails.enumerated()
        where !email.value.isEmpty && !email.value.contains("@") {
            reader.fail("emails[\(index)].value", "expected an e-mail address")
        }
        try reader.finish()
        return contact
    }

    private static func labeled(_ value: LabeledValue) -> JSONValue {
        .object(["label": .string(value.label), "value": .string(value.value)])
    }

    private static func readLabeled(_ reader: inout JSONFieldReader) -> LabeledValue {
        LabeledValue(
            label: reader.string("label"), value: reader.string("value", required: true) ?? "")
    }

    private static func address(_ address: PostalAddress) -> JSONValue {
        .object([
            "street": .string(address.street),
            "locality": .string(address.locality),
            "region": .string(address.region),
            "postalCode": .string(address.postalCode),
            "country": .string(address.country),
        ])
    }
}
