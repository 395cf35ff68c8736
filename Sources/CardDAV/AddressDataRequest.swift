import VCard
import WebDAV

/// CARDDAV:address-data in a REPORT (RFC 6352 §10.4): the media type and version to answer in,
/// and which properties to give.
public struct AddressDataRequest: Sendable, Hashable {
    /// The version asked for, `nil` for the stored one.
    public var version: VCardVersion?
    /// The property names to give (uppercased), `nil` for all.
    public var propertyNames: Set<String>?

    /// The whole card as stored.
    public init(version: VCardVersion? = nil, propertyNames: Set<String>? = nil) {
        self.version = version
        self.propertyNames = propertyNames
    }

    /// Parses `<CR:address-data content-type=… version=…>` (allprop | prop*); a media type
    /// other than `text/vcard`, or a version other than 3.0 and 4.0, is 403
    /// `CARDDAV:supported-address-data`.
    public init(_ element: XMLElement) throws(DAVError) {
        let type = element.attributes[XMLName("", "content-type")]?.lowercased() ?? "text/vcard"
        guard type == "text/vcard" || type == "text/x-vcard" else {
            throw CardDAVNamespace.unsupportedAddressData(
                "address-data in \(type) is not supported")
        }
        if let raw = element.attributes[XMLName("", "version")] {
            guard let version = VCardVersion(rawValue: raw) else {
                throw CardDAVNamespace.unsupportedAddressData("vCard \(raw) is not supported")
            }
            self.version = version
        } else {
            version = nil
        }
        if element.first(.cardDAV.allprop) != nil {
            propertyNames = nil
        } else {
            let names = element.all(.cardDAV.prop).compactMap {
                $0.attributes[XMLName("", "name")]?.uppercased()
            }
            propertyNames = names.isEmpty ? nil : Set(names)
        }
    }

    /// Whether the stored text is the answer as it is.
    public var isWholeObject: Bool { version == nil && propertyNames == nil }

    /// The card as asked for: converted to `version` when it is in another, cut to the listed
    /// properties (`VERSION` always kept, so that the answer is a vCard). `nil` when the stored
    /// text does not parse (it always did when stored).
    public func apply(to data: [UInt8]) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        if isWholeObject { return text }
        guard var card = try? VCard(parsing: text) else { return nil }
        if let version { card = card.converted(to: version) }
        if let names = propertyNames {
            card.properties.removeAll { $0.name != "VERSION" && !names.contains($0.name) }
        }
        return card.serialized()
    }
}
