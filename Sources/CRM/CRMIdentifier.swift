import Foundation

/// Ids of CRM records: random, lowercase UUIDs.
public enum CRMIdentifier {
    /// A fresh random id.
    public static func make() -> String {
        UUID().uuidString.lowercased()
    }
}
