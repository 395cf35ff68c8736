/// Reading a collection's objects in pages, so that a whole-calendar answer (an ICS export, a
/// `calendar-query` without a time range) never holds every body at once.
///
/// An optional ability of an `ObjectStore`: the layers above fall back to one whole read.
public protocol ObjectPaging: Sendable {
    /// Up to `limit` objects of a collection, ordered by name, named after `name` (from the
    /// first when `nil`), with their data when `withData` (else a listing's metadata:
    /// `data == nil`, and the exact instances may be left out).
    /// `.notFound` for an unknown collection.
    func objects(collectionID: Int64, after name: String?, limit: Int, withData: Bool)
        async throws(StorageError) -> [ObjectRecord]
    /// The time-range pre-filter of `ObjectStore.objects(collectionID:componentType:start:end:)`
    /// as metadata (`data == nil`), ordered by name: the caller reads the bodies it needs in
    /// batches (`ObjectStore.objects(collectionID:names:)`).
    func objectMetadata(collectionID: Int64, componentType: String, start: Int64?, end: Int64?)
        async throws(StorageError) -> [ObjectRecord]

    /// The VEVENT objects of a collection that the time range `[start, end)` (a `nil` bound is
    /// open) matches as far as their exact instances tell (`EventMatches`), found without
    /// reading their bodies. `.notFound` for an unknown collection.
    func eventMatches(collectionID: Int64, start: Int64?, end: Int64?)
        async throws(StorageError) -> EventMatches
}
