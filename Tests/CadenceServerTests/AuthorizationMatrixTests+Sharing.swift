import Foundation
import Storage
import Testing
import WebDAV

/// The sharees' own view of alice's shared `crm-tasks` (issue 13): every DAV method on the
/// shared calendar and its object, at the sharee's path, for a read-only sharee, a read-write
/// sharee and a read-write team member. Reads work for all; writes work for read-write access
/// and answer `403` with `DAV:need-privileges` otherwise, leaving alice's data as it was.
extension AuthorizationMatrixTests {
    enum SharedResource: String, CaseIterable, Sendable {
        case sharedCalendar, sharedObject
    }

    struct ShareeCell: Sendable, CustomTestStringConvertible {
        var method: String
        var resource: SharedResource
        var actor: Actor
        var testDescription: String { "\(actor.rawValue) \(method) \(resource.rawValue)" }
    }

    static var shareeCells: [ShareeCell] {
        var cells: [ShareeCell] = []
        for actor in [Actor.readOnlySharee, .readWriteSharee, .teamMember] {
            for resource in SharedResource.allCases {
                cells += davMethods.map { ShareeCell(method: $0, resource: resource, actor: actor) }
            }
        }
        return cells
    }

    static func sharedPath(_ resource: SharedResource, _ user: String) -> String {
        let calendar = Paths.calendar(user, "crm-tasks_shared_by_alice")
        return resource == .sharedCalendar ? calendar : calendar + "m.ics"
    }

    /// The answers of a sharee at their own path.
    static func shareeExpected(_ cell: ShareeCell) -> Set<Int> {
        let canWrite = cell.actor != .readOnlySharee
        let isObject = cell.resource == .sharedObject
        switch cell.method {
        case "OPTIONS", "GET", "HEAD": return [200]
        case "PROPFIND": return [207]
        // The calendar's display name is the sharee's own; an object's properties are
        // alice's.
        case "PROPPATCH": return isObject && !canWrite ? [403] : [207]
        case "REPORT-query", "REPORT-multiget": return [207]
        case "REPORT-sync": return isObject ? [403] : [207]
        case "PUT": return isObject ? (canWrite ? [204] : [403]) : [405, 409]
        case "DELETE":
            // An object: by access. The calendar: a direct sharee declines the share; a
            // team member cannot decline the team's.
            if isObject { return canWrite ? [204] : [403] }
            return cell.actor == .teamMember ? [403] : [204]
        case "MKCOL", "MKCALENDAR": return [405]
        // A copy beside the original repeats its UID (403 no-uid-conflict) for a writer, a
        // reader lacks bind (403); the calendar as a whole is not copied or moved.
        case "COPY": return isObject ? [403] : [403, 409]
        case "MOVE": return isObject ? (canWrite ? [201] : [403]) : [403, 409]
        case "POST": return [405, 415]
        default: return []
        }
    }

    @Test(arguments: shareeCells) func shareeCell(_ cell: ShareeCell) async throws {
        var configuration = TestServer.configuration
        configuration.signInDelaySeconds = 0
        try await TestServer.run(.memory, users: Self.users, configuration: configuration) {
            server in
            let fixture = try await Self.fixture(server, actor: cell.actor)
            let before = try await Self.snapshot(server)
            let user = try #require(cell.actor.shareeName)
            let path = Self.sharedPath(cell.resource, user)
            var (method, headers, body) = Self.request(cell.method, .object, path: path)
            let object = Self.sharedPath(.sharedObject, user)
            if cell.method == "COPY" || cell.method == "MOVE" {
                headers = [("Destination", Self.sharedPath(.sharedCalendar, user) + "moved.ics")]
            }
            if cell.method == "REPORT-multiget" {
                body = body?.replacingOccurrences(
                    of: Paths.object("alice", "crm-tasks", "m.ics"), with: object)
            }
            let reply = try await fixture.client.request(
                method, path, headers: headers, body: body.map { Array($0.utf8) })
            #expect(
                Self.shareeExpected(cell).contains(reply.status),
                "\(cell.testDescription): \(reply.status) \(reply.text.prefix(300))")
            if reply.status == 403 && ["PUT", "DELETE", "PROPPATCH"].contains(cell.method) {
                #expect(
                    reply.errorCondition(.dav.name("need-privileges")) != nil,
                    "\(cell.testDescription): \(reply.text)")
            }
            // Reads show alice's event.
            if ["GET", "REPORT-multiget", "REPORT-query"].contains(cell.method) {
                #expect(reply.text.contains("SUMMARY:M"), "\(cell.testDescription)")
            }
            // A read-only sharee changes nothing of alice's; a sharee's PROPPATCH of the
            // calendar changes only their own view. A direct sharee's DELETE of the calendar
            // declines the share, and alice is told: one `CS:invite-reply` notification more,
            // nothing else.
            var after = try await Self.snapshot(server)
            if cell.method == "DELETE" && cell.resource == .sharedCalendar && reply.status == 204 {
                let added = after.notifications.filter { !before.notifications.contains($0) }
                #expect(added.count == 1 && added[0].hasPrefix("reply-"), "\(added)")
                after.notifications = before.notifications
            }
            if cell.actor == .readOnlySharee
                || !["PUT", "DELETE", "MOVE", "PROPPATCH"].contains(cell.method)
                || (cell.method == "PROPPATCH" && cell.resource == .sharedCalendar)
                || (cell.method == "DELETE" && cell.resource == .sharedCalendar)
            {
                #expect(after == before, "\(cell.testDescription) wrote")
            }
        }
    }
}
