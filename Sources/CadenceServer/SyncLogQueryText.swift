import Foundation
import Storage

/// The text forms of sync-log queries shared by `cadence log` and `GET /api/v1/log`: `since` as
/// an ISO 8601 date or date-time with an offset, or as a relative age (`90s`, `30m`, `2h`, `7d`).
public enum SyncLogQueryText {
    /// The instant (UTC seconds) of a `since` text relative to `now`, or `nil` when it is neither
    /// form.
    public static func since(_ text: String, now: Int64) -> Int64? {
        let bytes = Array(text.utf8)
        if bytes.count >= 2, let unit = bytes.last,
            bytes.dropLast().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            bytes.count <= 12
        {
            var amount: Int64 = 0
            for byte in bytes.dropLast() { amount = amount * 10 + Int64(byte - 0x30) }
            switch unit {
            case UInt8(ascii: "s"): return now - amount
            case UInt8(ascii: "m"): return now - amount * 60
            case UInt8(ascii: "h"): return now - amount * 3_600
            case UInt8(ascii: "d"): return now - amount * 86_400
            default: return nil
            }
        }
        return APITime.parse(text, timeZone: nil)?.utc
    }

    /// One entry as a tab-separated line: time, user, client, action, collection, object, task id,
    /// destination, status (empty fields for absent values).
    public static func line(_ entry: SyncLogEntry) -> String {
        [
            APITime.timestamp(entry.time), entry.userName, entry.client, entry.action.rawValue,
            entry.collectionPath, entry.objectName ?? "", entry.taskID ?? "",
            entry.destination ?? "", String(entry.status),
        ].joined(separator: "\t")
    }
}
