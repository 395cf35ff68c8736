import CRM
import Groupware
import Storage

/// The JSON form of a calendar: `{path, displayName, color, defaultType, caldavHref, syncToken}`.
enum CalendarResource {
    /// The calendar as JSON.
    static func json(_ calendar: CollectionRecord, ownerName: String) -> JSONValue {
        .object([
            "path": .string(calendar.path),
            "displayName": .string(calendar.displayName),
            "color": .string(calendar.color),
            "defaultType": .string(calendar.defaultTaskType?.rawValue),
            "caldavHref": .string(CadencePaths.collection(ownerName, calendar.path).description),
            // The same URI as DAV:sync-token (RFC 6578 §4) in Groupware.
            "syncToken": .string("urn:cadence:sync:\(calendar.id):\(calendar.syncToken)"),
        ])
    }
}
