import Foundation
import WebDAV

/// A user's notification collection (CalendarServer `caldav-notifications.txt` §3.1): a
/// collection of resource type `DAV:collection` + `CS:notification` whose members are
/// `CS:notification` XML documents, found through the principal's `CS:notification-URL`.
public protocol NotificationCollectionResource: DAVResource {
    /// CalendarServer `getctag`: changes whenever a notification is added, replaced or removed.
    var ctag: String { get }
}

/// One notification (caldav-notifications.txt §3.2): a `CS:notification` document answered
/// by `GET`, whose `CS:notificationtype` property names what it is.
public protocol NotificationResource: DAVResource {
    /// The `CS:notificationtype` value: the type element without its content, such as
    /// `<CS:invite-notification shared-type="calendar"/>` (caldav-notifications.txt §4.2).
    var notificationType: XMLElement { get }
}

/// A principal whose notifications the server keeps; only the user's own principal is one
/// (a colleague's notification collection is not theirs to find).
public protocol NotifyingPrincipal: PrincipalResource {
    /// The principal's notification collection.
    var notificationCollection: DAVPath { get }
}

/// The notification properties (caldav-notifications.txt §4): `CS:notification-URL` on the
/// user's principal, `CS:notificationtype` on each notification, and `CS:getctag` on the
/// collection (macOS polls it before listing).
public struct NotificationPropertyProvider: PropertyProvider {
    public init() {}

    public func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        switch resource {
        case is any NotifyingPrincipal: [.calendarServer.notificationURL]
        case is any NotificationResource: [.calendarServer.notificationType]
        case is any NotificationCollectionResource: [.calendarServer.getctag]
        default: []
        }
    }

    public func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement? {
        switch (name, resource) {
        case (.calendarServer.notificationURL, let principal as any NotifyingPrincipal):
            return XMLElement(
                name,
                children: [
                    .element(XMLElement(.dav.href, text: principal.notificationCollection.href))
                ])
        case (.calendarServer.notificationType, let notification as any NotificationResource):
            return XMLElement(name, children: [.element(notification.notificationType)])
        case (.calendarServer.getctag, let collection as any NotificationCollectionResource):
            return XMLElement(name, text: collection.ctag)
        default:
            return nil
        }
    }
}

/// An invitation to a shared calendar in the sharee's notification collection
/// (caldav-sharing.txt §5.3.1 `CS:invite-notification`): who shares which calendar with what
/// access, and whether it still stands (`CS:invite-deleted` once the owner withdrew it).
public struct InviteNotification: Sendable, Hashable {
    /// The state of the invitation (caldav-sharing.txt §5.3.1).
    public enum Status: String, Sendable, Hashable {
        case noResponse = "invite-noresponse"
        case accepted = "invite-accepted"
        case declined = "invite-declined"
        case deleted = "invite-deleted"
    }

    /// The invitation's id (`CS:uid`), also the notification's resource name without `.xml`;
    /// the sharee's reply names it in `CS:in-reply-to`.
    public var uid: String
    /// The sharee's address (`DAV:href`).
    public var sharee: String
    public var status: Status
    /// The owner's calendar (`CS:hosturl`).
    public var hostURL: String
    /// The owner's address and name (`CS:organizer`).
    public var organizer: String
    public var organizerName: String
    /// Read-write (`CS:read-write`) or read-only (`CS:read`) access.
    public var readWrite: Bool
    /// The calendar's name (`CS:summary`).
    public var summary: String
    /// The calendar's component types (`C:supported-calendar-component-set`).
    public var supportedComponents: [String]

    public init(
        uid: String, sharee: String, status: Status, hostURL: String, organizer: String,
        organizerName: String, readWrite: Bool, summary: String, supportedComponents: [String]
    ) {
        self.uid = uid
        self.sharee = sharee
        self.status = status
        self.hostURL = hostURL
        self.organizer = organizer
        self.organizerName = organizerName
        self.readWrite = readWrite
        self.summary = summary
        self.supportedComponents = supportedComponents
    }

    /// The notification type element (`CS:notificationtype` content).
    public static let typeElement = XMLElement(
        .calendarServer.name("invite-notification"),
        attributes: [XMLName("", "shared-type"): "calendar"])

    /// The `CS:notification` document, stamped at `now` (UTC seconds).
    public func document(at now: Int64) -> [UInt8] {
        let cs = XMLName.calendarServer.name
        var body: [XMLNode] = [
            .element(XMLElement(cs("uid"), text: uid)),
            .element(XMLElement(.dav.href, text: sharee)),
            .element(XMLElement(cs(status.rawValue))),
            .element(
                XMLElement(
                    cs("hosturl"), children: [.element(XMLElement(.dav.href, text: hostURL))])),
            .element(
                XMLElement(
                    cs("organizer"),
                    children: [
                        .element(XMLElement(.dav.href, text: organizer)),
                        .element(XMLElement(cs("common-name"), text: organizerName)),
                    ])),
            .element(
                XMLElement(
                    cs("access"),
                    children: [.element(XMLElement(cs(readWrite ? "read-write" : "read")))])),
            .element(XMLElement(cs("summary"), text: summary)),
        ]
        if !supportedComponents.isEmpty {
            body.append(
                .element(
                    XMLElement(
                        .calDAV.name("supported-calendar-component-set"),
                        children: supportedComponents.map {
                            .element(
                                XMLElement(
                                    .calDAV.name("comp"), attributes: [XMLName("", "name"): $0]))
                        })))
        }
        var invite = Self.typeElement
        invite.children = body
        return NotificationDocument.bytes(invite, at: now)
    }
}

/// A sharee's answer to an invitation (caldav-sharing.txt §5.4 `CS:invite-reply`), `POST`ed to
/// their calendar home; also the notification the owner receives about it.
public struct InviteReply: Sendable, Hashable {
    /// The sharee's address (`DAV:href`), as the client sends it (may be absent).
    public var sharee: String?
    /// `CS:invite-accepted`, otherwise `CS:invite-declined`.
    public var accepted: Bool
    /// The owner's calendar the invitation was for (`CS:hosturl`).
    public var hostURL: String
    /// The invitation's `CS:uid` (`CS:in-reply-to`).
    public var inReplyTo: String?
    /// The name the sharee gives the calendar (`CS:summary`).
    public var summary: String?

    public init(
        sharee: String?, accepted: Bool, hostURL: String, inReplyTo: String?, summary: String?
    ) {
        self.sharee = sharee
        self.accepted = accepted
        self.hostURL = hostURL
        self.inReplyTo = inReplyTo
        self.summary = summary
    }

    /// Reads a `CS:invite-reply` body; `nil` for any other root. `400` without `CS:hosturl`
    /// or without one of `CS:invite-accepted` and `CS:invite-declined`.
    public init?(_ root: XMLElement) throws(DAVError) {
        let cs = XMLName.calendarServer.name
        guard root.name == cs("invite-reply") else { return nil }
        guard let host = root.first(cs("hosturl"))?.first(.dav.href)?.trimmedText, !host.isEmpty
        else { throw DAVError(status: 400, reason: "CS:invite-reply without CS:hosturl") }
        let accepted = root.first(cs("invite-accepted")) != nil
        guard accepted != (root.first(cs("invite-declined")) != nil) else {
            throw DAVError(
                status: 400,
                reason: "CS:invite-reply takes one of CS:invite-accepted and CS:invite-declined")
        }
        self.init(
            sharee: root.first(.dav.href)?.trimmedText, accepted: accepted, hostURL: host,
            inReplyTo: root.first(cs("in-reply-to"))?.trimmedText,
            summary: root.first(cs("summary"))?.trimmedText)
    }

    /// The notification type element of the owner's notification.
    public static let typeElement = XMLElement(.calendarServer.name("invite-reply"))

    /// The owner's notification about this reply from `sharee` (named `shareeName`),
    /// stamped at `now` (UTC seconds).
    public func document(sharee: String, shareeName: String, at now: Int64) -> [UInt8] {
        let cs = XMLName.calendarServer.name
        var body: [XMLNode] = [
            .element(XMLElement(.dav.href, text: sharee)),
            .element(XMLElement(cs(accepted ? "invite-accepted" : "invite-declined"))),
            .element(
                XMLElement(
                    cs("hosturl"), children: [.element(XMLElement(.dav.href, text: hostURL))])),
        ]
        if let inReplyTo { body.append(.element(XMLElement(cs("in-reply-to"), text: inReplyTo))) }
        if let summary { body.append(.element(XMLElement(cs("summary"), text: summary))) }
        body.append(.element(XMLElement(cs("common-name"), text: shareeName)))
        return NotificationDocument.bytes(
            XMLElement(Self.typeElement.name, children: body), at: now)
    }

    /// The answer to an accepted reply: the calendar's URL in the sharee's home
    /// (`CS:shared-as`, as sabre/dav and CalendarServer answer and macOS reads).
    public static func sharedAs(_ href: String) -> [UInt8] {
        XMLWriter.documentBytes(
            XMLElement(
                .calendarServer.name("shared-as"),
                children: [.element(XMLElement(.dav.href, text: href))]))
    }
}

/// The `CS:notification` envelope (caldav-notifications.txt §3.2): a `CS:dtstamp` and the
/// notification element.
public enum NotificationDocument {
    /// The document holding `notification`, stamped at `now` (UTC seconds).
    public static func bytes(_ notification: XMLElement, at now: Int64) -> [UInt8] {
        XMLWriter.documentBytes(
            XMLElement(
                .calendarServer.notification,
                children: [
                    .element(XMLElement(.calendarServer.name("dtstamp"), text: stamp(now))),
                    .element(notification),
                ]))
    }

    /// A UTC time in iCalendar basic form (`20261207T023000Z`), as `CS:dtstamp` carries it.
    public static func stamp(_ seconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        let year = String(parts.year ?? 1970)
        return year + two(parts.month) + two(parts.day) + "T" + two(parts.hour)
            + two(parts.minute) + two(parts.second) + "Z"
    }
}
