import ContentLine
import Foundation

extension VCard {
    /// A value with its `TYPE`s and preference: `EMAIL`, `TEL`, `URL`, `IMPP` (RFC 6350 §6.4).
    public struct TypedValue: Sendable, Hashable {
        /// The value, unescaped; a `tel:` URI's number for `TEL`.
        public var value: String
        /// The `TYPE` values, lowercased (`work`, `cell`, `internet`), without `pref`.
        public var types: [String]
        /// 1 (most preferred) … 100, from `PREF` (4.0) or `TYPE=pref` (3.0, as 1).
        public var preference: Int?
        /// The property's group (`item1`), which labels such as `X-ABLabel` share.
        public var group: String?
    }

    /// A structured name (`N`, RFC 6350 §6.2.2).
    public struct StructuredName: Sendable, Hashable {
        public var family: String
        public var given: String
        public var additional: String
        public var prefixes: String
        public var suffixes: String
    }

    /// A delivery address (`ADR`, RFC 6350 §6.3.1).
    public struct Address: Sendable, Hashable {
        public var postOfficeBox: String
        public var extended: String
        public var street: String
        public var locality: String
        public var region: String
        public var postalCode: String
        public var country: String
        /// The `TYPE` values, lowercased.
        public var types: [String]
    }

    /// A `PHOTO` (or `LOGO`): inline data or a reference.
    public enum Media: Sendable, Hashable {
        /// Inline data: 3.0 `ENCODING=b` or a 4.0 `data:` URI, decoded, with its media type.
        case data([UInt8], mediaType: String?)
        /// A URI to fetch.
        case uri(String)
    }

    /// `FN`, unescaped.
    public var formattedName: String? { property("FN").map { TextValue.unescape($0.value) } }

    /// `N`.
    public var structuredName: StructuredName? {
        guard let line = property("N") else { return nil }
        let parts = Self.components(line.value, count: 5)
        return StructuredName(
            family: parts[0], given: parts[1], additional: parts[2], prefixes: parts[3],
            suffixes: parts[4])
    }

    /// `UID`, as written (a URI or free text).
    public var uid: String? { property("UID").map { $0.value.trimmedBlanks } }

    /// `REV`, as written (`20261206T120000Z`).
    public var revision: String? { property("REV")?.value }

    /// `ORG`: the organisation name, then its units.
    public var organization: [String]? {
        property("ORG").map { TextValue.splitList($0.value, separator: 0x3B) }
    }

    /// `TITLE`, unescaped.
    public var title: String? { property("TITLE").map { TextValue.unescape($0.value) } }

    /// `NOTE`, unescaped.
    public var note: String? { property("NOTE").map { TextValue.unescape($0.value) } }

    /// Every `CATEGORIES` value, in order.
    public var categories: [String] {
        properties(named: "CATEGORIES").flatMap { TextValue.splitList($0.value) }
            .filter { !$0.isEmpty }
    }

    /// `EMAIL`s, in order.
    public var emails: [TypedValue] { typedValues("EMAIL") }

    /// `TEL`s, in order; a `tel:` URI (4.0) gives its number.
    public var phones: [TypedValue] {
        typedValues("TEL").map { tel in
            var tel = tel
            if tel.value.lowercased().hasPrefix("tel:") {
                tel.value = String(tel.value.dropFirst(4))
            }
            return tel
        }
    }

    /// `ADR`s, in order.
    public var addresses: [Address] {
        properties(named: "ADR").map { line in
            let parts = Self.components(line.value, count: 7)
            return Address(
                postOfficeBox: parts[0], extended: parts[1], street: parts[2], locality: parts[3],
                region: parts[4], postalCode: parts[5], country: parts[6],
                types: Self.types(of: line).types)
        }
    }

    /// `PHOTO`.
    public var photo: Media? { property("PHOTO").flatMap(Self.media) }

    /// Inline data or a URI, from either version's encoding of a binary property.
    public static func media(_ line: ContentLine) -> Media? {
        let value = line.value.trimmedBlanks
        if let encoding = line.parameter("ENCODING")?.value.lowercased(),
            encoding == "b" || encoding == "base64"
        {
            guard let bytes = Data(base64Encoded: value, options: .ignoreUnknownCharacters) else {
                return nil
            }
            let type = line.parameter("TYPE")?.value.lowercased()
            return .data(
                [UInt8](bytes), mediaType: type.map { $0.contains("/") ? $0 : "image/" + $0 })
        }
        if value.lowercased().hasPrefix("data:"), let comma = value.firstIndex(of: ",") {
            let header = value[value.index(value.startIndex, offsetBy: 5)..<comma]
            let payload = value[value.index(after: comma)...]
            let isBase64 = header.lowercased().hasSuffix(";base64")
            let mediaType = header.split(separator: ";").first.map { String($0).lowercased() }
            if isBase64 {
                guard
                    let bytes = Data(
                        base64Encoded: String(payload), options: .ignoreUnknownCharacters)
                else { return nil }
                return .data([UInt8](bytes), mediaType: mediaType)
            }
            let text = String(payload).removingPercentEncoding ?? String(payload)
            return .data(Array(text.utf8), mediaType: mediaType)
        }
        return value.isEmpty ? nil : .uri(value)
    }

    func typedValues(_ name: String) -> [TypedValue] {
        properties(named: name).map { line in
            let (types, preference) = Self.types(of: line)
            return TypedValue(
                value: TextValue.unescape(line.value.trimmedBlanks), types: types,
                preference: preference, group: line.group)
        }
    }

    /// A line's `TYPE` values (lowercased, every `TYPE` parameter, comma lists split) without
    /// `pref`, and its preference (`PREF=n`, or 1 for `TYPE=pref`).
    public static func types(of line: ContentLine) -> (types: [String], preference: Int?) {
        var types: [String] = []
        var preference: Int?
        for parameter in line.parameters where parameter.name == "TYPE" {
            for value in parameter.values {
                for item in value.split(separator: ",") {
                    let type = item.trimmingCharacters(in: .whitespaces).lowercased()
                    if type == "pref" {
                        preference = 1
                    } else if !type.isEmpty {
                        types.append(type)
                    }
                }
            }
        }
        if let pref = line.parameter("PREF").flatMap({ Int($0.value) }) { preference = pref }
        return (types, preference)
    }

    /// A structured value's `;`-separated components, unescaped, padded to `count`.
    static func components(_ raw: String, count: Int) -> [String] {
        var parts = TextValue.splitList(raw, separator: 0x3B)
        while parts.count < count { parts.append("") }
        return parts
    }
}
