/// The answer of `ObjectPaging.eventMatches(collectionID:start:end:)`: the VEVENT objects of a
/// collection that a time range matches, as far as their exact instances tell, and the
/// candidates whose instances are not known exactly.
public struct EventMatches: Sendable, Hashable {
    /// The names of the objects with exact instances (`ObjectIndex.exactInstances`) of which at
    /// least one matches the range (`ObjectInstance.matches(start:end:)`), in no particular
    /// order.
    public var names: [String]
    /// The metadata (`data == nil`) of the objects the time-range pre-filter keeps whose
    /// instances are not known exactly, ordered by name: the caller evaluates them by parsing.
    public var unindexed: [ObjectRecord]

    /// Creates an answer.
    public init(names: [String], unindexed: [ObjectRecord]) {
        self.names = names
        self.unindexed = unindexed
    }
}
