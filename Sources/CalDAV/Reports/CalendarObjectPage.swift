import WebDAV

/// One page of a calendar's pre-filtered objects (`CalendarBackend`, RFC 4791 §7.8), with the
/// cursor of the next page.
public struct CalendarObjectPage: Sendable {
    /// The objects of this page with their stored text, ordered by name.
    public var objects: [(resource: any CalendarObjectResource, data: [UInt8])]
    /// Where the next page starts, or `nil` after the last page.
    public var next: String?

    public init(
        objects: [(resource: any CalendarObjectResource, data: [UInt8])], next: String?
    ) {
        self.objects = objects
        self.next = next
    }

    /// How many objects a page holds when the caller has no reason to choose.
    public static let defaultLimit = 500
}

extension CalendarBackend {
    public func calendarObjectCandidates(
        in calendar: any CalendarCollectionResource, component: String?, range: TimeRange?
    ) async throws(DAVError) -> [any CalendarObjectResource]? { nil }

    /// Everything in one page: for backends that cannot read in pages.
    public func calendarObjects(
        in calendar: any CalendarCollectionResource, component: String?, range: TimeRange?,
        after cursor: String?, limit: Int
    ) async throws(DAVError) -> CalendarObjectPage {
        guard cursor == nil else { return CalendarObjectPage(objects: [], next: nil) }
        return CalendarObjectPage(
            objects: try await calendarObjects(in: calendar, component: component, range: range),
            next: nil)
    }

    public func eventTimeRangeMatches(
        in calendar: any CalendarCollectionResource, range: TimeRange
    ) async throws(DAVError) -> (matching: [String], unindexed: [any CalendarObjectResource])? {
        nil
    }

    /// By path, through `calendarObjects(at:)`.
    public func calendarObjects(in calendar: any CalendarCollectionResource, named names: [String])
        async throws(DAVError) -> [(resource: any CalendarObjectResource, data: [UInt8])]
    {
        try await calendarObjectsByPath(in: calendar, named: names)
    }

    /// `calendarObjects(in:named:)` through `calendarObjects(at:)`, in the order of `names`.
    public func calendarObjectsByPath(
        in calendar: any CalendarCollectionResource, named names: [String]
    ) async throws(DAVError) -> [(resource: any CalendarObjectResource, data: [UInt8])] {
        let base = calendar.path.asCollection(false)
        let paths = names.map { base.appending($0) }
        let found = try await calendarObjects(at: paths)
        return paths.compactMap { found[$0] }
    }
}
