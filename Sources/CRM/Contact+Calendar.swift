import ICalendar

extension Contact {
    /// The `CONTACT` text the CRM writes for this contact (CRM-MAPPING.md, RFC 5545 §3.8.4.2):
    /// name, company, preferred phone and preferred e-mail, comma-separated, empty parts left out.
    public var calendarContactText: String {
        let parts = [name, company, phones.first?.value, emails.first?.value]
        return parts.compactMap { $0?.trimmedWhitespace.nonEmpty }.joined(separator: ", ")
    }

    /// The preferred e-mail address, trimmed, or `nil`.
    var preferredEmail: String? { emails.first?.value.trimmedWhitespace.nonEmpty }

    /// The `CONTACT` property for this contact, marked with its id (`X-CADENCE-CONTACT-ID`
    /// parameter) so that later edits find it; no `ALTREP`.
    func contactProperty() -> Property {
        Property(
            name: "CONTACT", parameters: [Parameter(name: TaskMapping.contactIDName, value: id)],
            text: calendarContactText)
    }

    /// The `ATTENDEE` the CRM adds for this contact on meetings (RFC 5545 §3.8.4.1), or `nil`
    /// without an e-mail address.
    func attendeeProperty() -> Property? {
        guard let email = preferredEmail else { return nil }
        return Property(
            name: "ATTENDEE",
            parameters: [
                Parameter(name: "CN", value: name),
                Parameter(name: "ROLE", value: "REQ-PARTICIPANT"),
                Parameter(name: TaskMapping.contactIDName, value: id),
            ],
            value: "mailto:" + email)
    }
}
