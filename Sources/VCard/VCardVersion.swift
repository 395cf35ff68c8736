/// The vCard versions a CardDAV server stores and converts between.
public enum VCardVersion: String, Sendable, Hashable, CaseIterable {
    /// RFC 2426.
    case v3 = "3.0"
    /// RFC 6350.
    case v4 = "4.0"
}
