import CalDAV
import ICalendar
import Storage
import WebDAV

extension GroupwareBackend {
    /// See `CalendarBackend.calendarObjects(in:component:range:after:limit:)`: without a time
    /// range, pages of the store's name order (when the store reads in pages); with one, the
    /// indexed pre-filter in one read, as that is bounded by the range.
    public func calendarObjects(
        in calendar: any CalendarCollectionResource, component: String?, range: TimeRange?,
        after cursor: String?, limit: Int
    ) async throws(DAVError) -> CalendarObjectPage {
        guard range == nil, let paging = store as? any ObjectPaging,
            let record = (calendar as? StoredCalendar)?.record
        else {
            guard cursor == nil else { return CalendarObjectPage(objects: [], next: nil) }
            return CalendarObjectPage(
                objects: try await calendarObjects(
                    in: calendar, component: component, range: range),
                next: nil)
        }
        let page = try await storeCall { () async throws(StorageError) in
            try await paging.objects(
                collectionID: record.id, after: cursor, limit: limit, withData: true)
        }
        let types = CalendarObjectValidator.calendarComponentTypes
        let location = location(of: record)
        var objects: [(resource: any CalendarObjectResource, data: [UInt8])] = []
        objects.reserveCapacity(page.count)
        for object in page {
            guard let type = object.index.componentType,
                component.map({ $0 == type }) ?? types.contains(type)
            else { continue }
            objects.append(
                (
                    StoredCalendarObject(
                        record: object.metadata, collection: record, userName: user.name,
                        location: location),
                    object.data ?? []
                ))
        }
        return CalendarObjectPage(
            objects: objects, next: page.count >= limit ? page.last?.name : nil)
    }

    /// See `CalendarBackend.calendarObjectCandidates(in:component:range:)`: the indexed
    /// pre-filter per component type, metadata only.
    public func calendarObjectCandidates(
        in calendar: any CalendarCollectionResource, component: String?, range: TimeRange?
    ) async throws(DAVError) -> [any CalendarObjectResource]? {
        guard let record = (calendar as? StoredCalendar)?.record,
            let paging = store as? any ObjectPaging
        else { return nil }
        let types =
            component.map { [$0] } ?? CalendarObjectValidator.calendarComponentTypes.sorted()
        var objects: [ObjectRecord] = []
        for type in types {
            objects += try await storeCall { () async throws(StorageError) in
                try await paging.objectMetadata(
                    collectionID: record.id, componentType: type, start: range?.start,
                    end: range?.end)
            }
        }
        if types.count > 1 { objects.sort { $0.name < $1.name } }
        let location = location(of: record)
        return objects.map {
            StoredCalendarObject(
                record: $0, collection: record, userName: user.name, location: location)
        }
    }

    /// See `DAVBackend.members(of:after:limit:)`: a calendar's objects in pages of the store's
    /// name order (metadata only); other collections in one page.
    public func members(of collection: any DAVResource, after cursor: String?, limit: Int)
        async throws(DAVError) -> (members: [any DAVResource], next: String?)
    {
        guard let calendar = collection as? StoredCalendar,
            let paging = store as? any ObjectPaging
        else {
            guard cursor == nil else { return ([], nil) }
            return (try await members(of: collection), nil)
        }
        let record = calendar.record
        let page = try await storeCall { () async throws(StorageError) in
            try await paging.objects(
                collectionID: record.id, after: cursor, limit: limit, withData: false)
        }
        let location = location(of: record)
        return (
            page.map { objectResource($0, in: record, at: location) },
            page.count >= limit ? page.last?.name : nil
        )
    }

    /// See `SyncBackend.initialSyncToken(of:)`: a calendar's members are exactly its objects,
    /// and its token is the one read with the calendar in this request.
    public func initialSyncToken(of collection: any SyncableCollection) async throws(DAVError)
        -> String?
    {
        guard let calendar = collection as? StoredCalendar, store is any ObjectPaging else {
            return nil
        }
        return calendar.syncToken
    }

    /// See `DAVBackend.streamedRepresentation(of:)`: a calendar is exported as one document,
    /// read and written a page of objects at a time.
    public func streamedRepresentation(of resource: any DAVResource) async throws(DAVError) -> (
        stream: DAVBodyStream, contentType: String
    )? {
        guard let calendar = resource as? StoredCalendar else { return nil }
        let limit = CalendarObjectPage.defaultLimit
        let first = try await calendarObjects(
            in: calendar, component: nil, range: nil, after: nil, limit: limit)
        let stream = DAVBodyStream { sink in
            var out = CalendarExport.head(name: calendar.record.displayName)
            var export = CalendarExport()
            var page = first
            while true {
                for object in page.objects {
                    export.append(object: object.data, into: &out)
                    if out.count >= DAVBodyStream.chunkSize {
                        try await sink(out)
                        out.removeAll(keepingCapacity: true)
                    }
                }
                guard let next = page.next else { break }
                page = try await calendarObjects(
                    in: calendar, component: nil, range: nil, after: next, limit: limit)
            }
            out += CalendarExport.tail
            try await sink(out)
        }
        return (stream, "text/calendar; charset=utf-8")
    }

    /// See `CalendarBackend.eventTimeRangeMatches(in:range:)`: the store's exact instance
    /// index (`ObjectPaging.eventMatches`).
    public func eventTimeRangeMatches(
        in calendar: any CalendarCollectionResource, range: TimeRange
    ) async throws(DAVError) -> (matching: [String], unindexed: [any CalendarObjectResource])? {
        guard let record = (calendar as? StoredCalendar)?.record,
            let paging = store as? any ObjectPaging
        else { return nil }
        let matches = try await storeCall { () async throws(StorageError) in
            try await paging.eventMatches(
                collectionID: record.id, start: range.start, end: range.end)
        }
        let location = location(of: record)
        return (
            matches.names,
            matches.unindexed.map {
                StoredCalendarObject(
                    record: $0, collection: record, userName: user.name, location: location)
            }
        )
    }

    /// See `CalendarBackend.calendarObjects(in:named:)`: one batched read of the calendar.
    public func calendarObjects(in calendar: any CalendarCollectionResource, named names: [String])
        async throws(DAVError) -> [(resource: any CalendarObjectResource, data: [UInt8])]
    {
        guard let record = (calendar as? StoredCalendar)?.record else {
            return try await calendarObjectsByPath(in: calendar, named: names)
        }
        let objects = try await storeCall { () async throws(StorageError) in
            try await store.objects(collectionID: record.id, names: names)
        }
        return calendarObjects(objects, in: record)
    }
}
