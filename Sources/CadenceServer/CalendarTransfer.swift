import Foundation
import Groupware
import Storage
import WebDAV

/// `cadence export` and `cadence import` (issue 7): whole calendars to and from `.ics` files,
/// through the DAV engine itself, so that an export is exactly what a client's `GET` of the
/// calendar answers and an import goes through the same validation and write path as a CalDAV
/// `PUT` (the CRM projection of tasks included), and is written to the sync log with client
/// `import`. Works on the data folder of a running server (SQLite WAL).
public struct CalendarTransfer: Sendable {
    /// What an import did.
    public struct ImportReport: Sendable {
        /// UIDs written, with the object's name and whether it replaced one.
        public var imported: [(uid: String, name: String, replaced: Bool)] = []
        /// What was left out, with its line, UID and why.
        public var skipped: [CalendarFileSplit.Skipped] = []

        /// The report as lines for the command line.
        public var lines: [String] {
            imported.map { "imported \($0.uid) as \($0.name)" + ($0.replaced ? " (replaced)" : "") }
                + skipped.map {
                    "skipped line \($0.line)" + ($0.uid.map { " UID \($0)" } ?? "") + ": "
                        + $0.reason
                }
                + ["\(imported.count) imported, \(skipped.count) skipped"]
        }
    }

    /// Why a command failed.
    public struct Failure: Error, CustomStringConvertible {
        /// The message for the command line.
        public var description: String
    }

    let store: any CadenceStore
    let configuration: Configuration

    /// A transfer over `store` with the limits of `configuration`.
    public init(store: any CadenceStore, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
    }

    /// Writes each of `user`'s calendars to `directory/<calendar>.ics`; answers one line per
    /// file. Address books would go to `.vcf` files; there are none before CardDAV.
    public func export(user name: String, to directory: String) async throws -> [String] {
        let (user, engine, backend) = try await session(name)
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
        var lines: [String] = []
        for calendar in try await store.collections(ownerID: user.id, parent: "")
        where calendar.kind == .calendar {
            let path = CadencePaths.collection(user.name, calendar.path)
            let response = await Self.send(
                DAVRequest(method: "GET", path: path, headers: ["accept": "text/calendar"]),
                as: user, to: engine, backend)
            guard response.status == 200 else {
                throw Failure(description: "\(calendar.path): GET answered \(response.status)")
            }
            let data = try await response.stream?.collect() ?? response.body
            let file = (directory as NSString).appendingPathComponent(
                calendar.path.replacingOccurrences(of: "/", with: "_") + ".ics")
            try Data(data).write(to: URL(fileURLWithPath: file))
            let count = try await store.objects(collectionID: calendar.id).count
            lines.append("wrote \(file) (\(count) objects)")
        }
        return lines
    }

    /// Imports `data` (an `.ics` file) into `user`'s `calendar`, one object per UID. A UID the
    /// calendar already has is skipped, or with `replace` overwritten. Throws only when nothing
    /// could be read (not iCalendar, unknown user or calendar).
    public func importCalendar(
        _ data: [UInt8], user name: String, calendar calendarPath: String, replace: Bool
    ) async throws -> ImportReport {
        let (user, engine, backend) = try await session(name)
        guard
            let calendar = try await store.collection(ownerID: user.id, path: calendarPath),
            calendar.kind == .calendar
        else { throw Failure(description: "\(name) has no calendar '\(calendarPath)'") }
        guard let split = CalendarFileSplit.split(data) else {
            throw Failure(description: "no VCALENDAR could be read (is it UTF-8 iCalendar?)")
        }
        var report = ImportReport(skipped: split.skipped)
        var namesByUID: [String: String] = [:]
        var names = Set<String>()
        for object in try await store.objects(collectionID: calendar.id) {
            names.insert(object.name)
            if let uid = object.index.uid { namesByUID[uid] = object.name }
        }
        let syncLog = SyncLogRecorder(store: store)
        let collection = CadencePaths.collection(user.name, calendar.path)
        for object in split.objects {
            let existing = namesByUID[object.uid]
            if existing != nil, !replace {
                report.skipped.append(
                    .init(
                        line: object.line, uid: object.uid,
                        reason: "the calendar already has this UID (--replace overwrites it)"))
                continue
            }
            let name = existing ?? Self.freshName(for: object.uid, taken: names)
            let path = collection.appending(name)
            var headers = ["content-type": "text/calendar; charset=utf-8"]
            if existing == nil { headers["if-none-match"] = "*" }
            let response = await Self.send(
                DAVRequest(method: "PUT", path: path, headers: headers, body: object.data),
                as: user, to: engine, backend)
            if let entry = SyncLogRecorder.davEntry(
                method: "PUT", path: path, destination: nil, user: user, userAgent: "import",
                status: response.status)
            {
                await syncLog.record(entry)
            }
            guard (200..<300).contains(response.status) else {
                report.skipped.append(
                    .init(line: object.line, uid: object.uid, reason: Self.reason(response)))
                continue
            }
            names.insert(name)
            namesByUID[object.uid] = name
            report.imported.append((object.uid, name, existing != nil))
        }
        await syncLog.flush()
        return report
    }

    /// The user, an engine that explains its errors (this is a local command) and a backend.
    private func session(_ name: String) async throws -> (UserRecord, DAVServer, GroupwareBackend) {
        guard let user = try await store.user(named: name) else {
            throw Failure(description: "no user '\(name)'")
        }
        var engine = makeDAVEngine(configuration: configuration)
        engine.exposesErrorDetails = true
        let backend = GroupwareBackend(
            store: store, user: user,
            limits: .init(
                maximumObjectSize: configuration.maximumObjectSize,
                maximumFileSize: configuration.maximumObjectSize,
                quotaBytes: configuration.quotaBytes))
        return (user, engine, backend)
    }

    /// `request` served by `engine` for `user`.
    static func send(
        _ request: DAVRequest, as user: UserRecord, to engine: DAVServer,
        _ backend: GroupwareBackend
    ) async -> DAVResponse {
        await engine.handle(
            request,
            context: DAVContext(
                userName: user.name, principal: CadencePaths.principal(user.name),
                request: request),
            backend: backend)
    }

    /// `<uid>.ics` when the UID is a safe, short name not yet taken, else a random name.
    static func freshName(for uid: String, taken: Set<String>) -> String {
        let safe =
            uid.utf8.count <= 100
            && uid.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "-_.@".unicodeScalars.contains($0)
            }
        if safe, !uid.isEmpty, !uid.hasPrefix("."), !taken.contains(uid + ".ics") {
            return uid + ".ics"
        }
        return UUID().uuidString.lowercased() + ".ics"
    }

    /// Why a PUT was refused: its status, precondition and reason.
    static func reason(_ response: DAVResponse) -> String {
        var text = "\(response.status)"
        if let root = try? XMLReader.parse(response.body), root.name == XMLName.dav.error {
            if let condition = root.elements.first(where: {
                $0.name != XMLName.dav.responseDescription
            }) {
                text += " " + condition.name.name
            }
            if let description = root.first(.dav.responseDescription)?.trimmedText {
                text += ": " + description
            }
            return text
        }
        let body = String(decoding: response.body.prefix(500), as: UTF8.self)
        let firstLine = body.split(separator: "\n").first.map(String.init) ?? ""
        return firstLine.isEmpty ? text : text + ": " + firstLine
    }
}
