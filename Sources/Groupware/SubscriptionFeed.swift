import CRM
import ICalendar
import Storage

/// The document a subscription link serves: the calendar export (`CalendarExport`) rendered per
/// `SubscriptionMode`, with `REFRESH-INTERVAL` (RFC 7986 §5.7) and `X-PUBLISHED-TTL`, and the
/// validators that let a poll be answered without reading any object.
public enum SubscriptionFeed {
    /// A strong entity tag (RFC 9110 §8.8.3) of the document, from the calendar's sync token,
    /// modification time and name, the mode and the TTL: every change of the calendar's members
    /// bumps the sync token, so no object needs to be read.
    public static func entityTag(
        calendar: CollectionRecord, mode: SubscriptionMode, ttlSeconds: Int
    ) -> String {
        var nameHash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (calendar.displayName ?? "").utf8 {
            nameHash = (nameHash ^ UInt64(byte)) &* 0x0100_0000_01b3
        }
        return "\"sub-\(calendar.id)-\(calendar.syncToken)-\(calendar.modifiedAt)-"
            + "\(String(nameHash, radix: 36))-\(mode.rawValue)-\(ttlSeconds)\""
    }

    /// The calendar's objects rendered for `mode` as one VCALENDAR. `.notFound` if the calendar
    /// is gone.
    public static func document(
        calendar: CollectionRecord, mode: SubscriptionMode, ttlSeconds: Int,
        store: any CadenceStore
    ) async throws(StorageError) -> [UInt8] {
        var objects: [ObjectRecord] = []
        for type in CalendarObjectValidator.calendarComponentTypes.sorted() {
            objects += try await store.objects(
                collectionID: calendar.id, componentType: type, start: nil, end: nil)
        }
        objects.sort { $0.name < $1.name }
        return document(
            name: calendar.displayName ?? String(calendar.name),
            objects: objects.map { $0.data ?? [] },
            mode: mode, defaultType: calendar.defaultTaskType, ttlSeconds: ttlSeconds)
    }

    /// The rendered VCALENDAR of these objects' data.
    public static func document(
        name: String?, objects: [[UInt8]], mode: SubscriptionMode, defaultType: TaskType?,
        ttlSeconds: Int
    ) -> [UInt8] {
        let ttl = DurationValue(totalSeconds: ttlSeconds).description
        return CalendarExport.document(
            name: name, objects: objects,
            properties: [
                Property(
                    name: "REFRESH-INTERVAL",
                    parameters: [Parameter(name: "VALUE", values: ["DURATION"])],
                    value: ttl),
                Property(name: "X-PUBLISHED-TTL", value: ttl),
            ],
            transform: mode == .full
                ? nil
                : {
                    SubscriptionRendering.render(object: $0, mode: mode, defaultType: defaultType)
                })
    }
}
