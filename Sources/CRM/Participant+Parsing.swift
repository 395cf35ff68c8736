import ICalendar

extension Participant {
    /// Reads an `ATTENDEE` or `ORGANIZER` (RFC 5545 §3.8.4.1, §3.8.4.3): `CN`, and a `mailto:`
    /// address (else the `EMAIL` parameter, RFC 7986 §6.2) or a `tel:` number; `nil` when it
    /// carries none of them.
    init?(calendarUser property: Property) {
        let name = property[parameter: "CN"].map { $0.trimmedWhitespace }.flatMap(\.nonEmpty)
        var address = Self.address(property.value)
        if address.email == nil, let email = property[parameter: "EMAIL"] {
            address.email = email.trimmedWhitespace.lowercased().nonEmpty
        }
        guard name != nil || address.email != nil || address.phone != nil else { return nil }
        self.init(name: name, email: address.email, phone: address.phone)
    }

    /// Reads a `CONTACT` (RFC 5545 §3.8.4.2): a TEXT value such as
    /// `Jane Roe\, ACME\, +1 555 0100\, jane@acme.example`, whose parts with `@` are the e-mail,
    /// whose phone-like parts are the number, and whose first other part is the name; an `ALTREP`
    /// `mailto:` or `tel:` URI fills in what the text lacks.
    init?(contact property: Property) {
        var name: String?
        var email: String?
        var phone: String?
        for rawPart in property.text.split(separator: ",") {
            let part = rawPart.trimmedWhitespace
            if part.isEmpty { continue }
            if part.contains("@") {
                if email == nil { email = Self.address(part).email ?? part.lowercased() }
            } else if PhoneNumber.looksLikePhone(part) {
                if phone == nil { phone = part }
            } else if name == nil {
                name = part
            }
        }
        if let altrep = property[parameter: "ALTREP"] {
            let address = Self.address(altrep)
            if email == nil { email = address.email }
            if phone == nil { phone = address.phone }
        }
        guard name != nil || email != nil || phone != nil else { return nil }
        self.init(name: name, email: email, phone: phone)
    }

    /// The e-mail of a `mailto:` URI (lowercased) or the number of a `tel:` URI.
    static func address(_ uri: some StringProtocol) -> (email: String?, phone: String?) {
        let value = uri.trimmedWhitespace
        let lower = value.lowercased()
        if lower.hasPrefix("mailto:") {
            let email = String(lower.dropFirst(7)).trimmedWhitespace
            return (email.isEmpty ? nil : email, nil)
        }
        if lower.hasPrefix("tel:") {
            let phone = String(value.dropFirst(4)).trimmedWhitespace
            return (nil, PhoneNumber.digits(phone).isEmpty ? nil : phone)
        }
        if !lower.contains(":"), lower.contains("@") { return (lower, nil) }
        return (nil, nil)
    }

    /// Whether this participant is `contact`: one of its e-mail addresses (case-insensitive) or
    /// phone numbers (digits only) is the participant's.
    func matches(_ contact: Contact) -> Bool {
        if let email,
            contact.emails.contains(where: { $0.value.trimmedWhitespace.lowercased() == email })
        {
            return true
        }
        if let phone {
            let digits = PhoneNumber.digits(phone)
            if !digits.isEmpty,
                contact.phones.contains(where: { PhoneNumber.digits($0.value) == digits })
            {
                return true
            }
        }
        return false
    }

    /// What identifies the participant for de-duplication: e-mail, else phone digits, else name.
    var identity: String {
        if let email { return "e:" + email }
        if let phone { return "p:" + PhoneNumber.digits(phone) }
        return "n:" + (name ?? "")
    }
}

/// Phone numbers as the mapping compares them: by their digits only.
enum PhoneNumber {
    /// The ASCII digits of `text`, in order.
    static func digits(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)
    }

    /// Whether `text` reads as a phone number: digits, `+ ( ) - . /` and blanks only, with at
    /// least six digits.
    static func looksLikePhone(_ text: some StringProtocol) -> Bool {
        var digitCount = 0
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39: digitCount += 1
            case 0x2B, 0x28, 0x29, 0x2D, 0x2E, 0x2F, 0x20, 0x09: break
            default: return false
            }
        }
        return digitCount >= 6
    }
}

extension String {
    /// `nil` for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
