import Foundation

/// The wall clock a store stamps records with, in UTC seconds; tests inject a fixed one.
public struct StoreClock: Sendable {
    /// Returns the current time in seconds since 1970-01-01T00:00:00Z.
    public var now: @Sendable () -> Int64

    /// Creates a clock from a function.
    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// The system's wall clock.
    public static let system = StoreClock { Int64(Date().timeIntervalSince1970) }

    /// A clock that always answers `seconds`.
    public static func fixed(_ seconds: Int64) -> StoreClock {
        StoreClock { seconds }
    }
}
