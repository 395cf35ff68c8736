/// A CRM contact: a person the sales team talks to (CRM-MAPPING.md, "Contact → vCard").
public struct Contact: Sendable, Hashable, Codable {
    /// A stable random id (`CRMIdentifier.make()`); also the vCard `UID` and
    /// `X-CADENCE-CONTACT-ID`.
    public var id: String
    /// The owning user's id.
    public var ownerID: Int64
    /// The full name (`FN`).
    public var name: String
    /// `ORG`.
    public var company: String?
    /// `TITLE`.
    public var title: String?
    /// `EMAIL`s, first is preferred.
    public var emails: [LabeledValue]
    /// `TEL`s, first is preferred.
    public var phones: [LabeledValue]
    /// `ADR`.
    public var address: PostalAddress?
    /// `NOTE`.
    public var notes: String?
    /// `CATEGORIES`: free tags.
    public var tags: [String]
    /// When it was created (UTC seconds), set by the store.
    public var createdAt: Int64
    /// When it last changed (UTC seconds), set by the store.
    public var updatedAt: Int64
    /// Starts at 1, one more per update; the JSON ETag is derived from it.
    public var revision: Int64

    /// Creates a contact.
    public init(
        id: String, ownerID: Int64, name: String, company: String? = nil, title: String? = nil,
        emails: [LabeledValue] = [], phones: [LabeledValue] = [], address: PostalAddress? = nil,
        notes: String? = nil, tags: [String] = [], createdAt: Int64 = 0, updatedAt: Int64 = 0,
        revision: Int64 = 0
    ) {
        self.id = id
        self.ownerID = ownerID
        self.name = name
        self.company = company
        self.title = title
        self.emails = emails
        self.phones = phones
        self.address = address
        self.notes = notes
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.revision = revision
    }
}

/// An e-mail address or phone number with an optional label (`work`, `mobile`).
public struct LabeledValue: Sendable, Hashable, Codable {
    /// `work`, `home`, `mobile`, … or `nil`.
    public var label: String?
    /// The address or number as entered.
    public var value: String

    /// Creates a labeled value.
    public init(label: String? = nil, value: String) {
        self.label = label
        self.value = value
    }
}

/// A postal address (`ADR`, RFC 6350 §6.3.1).
public struct PostalAddress: Sendable, Hashable, Codable {
    /// Street and number.
    public var street: String?
    /// City.
    public var locality: String?
    /// State or province.
    public var region: String?
    /// Postal code.
    public var postalCode: String?
    /// Country.
    public var country: String?

    /// Creates an address.
    public init(
        street: String? = nil, locality: String? = nil, region: String? = nil,
        postalCode: String? = nil, country: String? = nil
    ) {
        self.street = street
        self.locality = locality
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }
}
