import WebDAV

/// A change of a calendar's sharees asked for with `POST` (CalendarServer sharing,
/// `calendarserver-sharing.txt` §5.2 `CS:share`; also the `DAV:share-resource` of
/// draft-pot-webdav-resource-sharing §5.3.2, which newer clients send).
public struct ShareRequest: Sendable, Hashable {
    /// One sharee to add or change.
    public struct Sharee: Sendable, Hashable {
        /// `mailto:` URI or principal URL.
        public var href: String
        /// Whether the sharee may write (`CS:read-write`), otherwise read only (`CS:read`).
        public var readWrite: Bool

        public init(href: String, readWrite: Bool) {
            self.href = href
            self.readWrite = readWrite
        }
    }

    /// Sharees to add or change (`CS:set`).
    public var set: [Sharee]
    /// Sharees to remove (`CS:remove`; `DAV:no-access`).
    public var remove: [String]

    public init(set: [Sharee], remove: [String]) {
        self.set = set
        self.remove = remove
    }

    /// Reads a `CS:share` or `DAV:share-resource` body; `nil` for any other root (the request
    /// is not a share request).
    public init?(_ root: XMLElement) throws(DAVError) {
        let cs = XMLNamespace.calendarServer
        switch root.name {
        case XMLName(cs, "share"):
            var set: [Sharee] = []
            for element in root.all(XMLName(cs, "set")) {
                guard let href = element.first(.dav.href)?.trimmedText, !href.isEmpty else {
                    throw DAVError(status: 400, reason: "CS:set without DAV:href")
                }
                set.append(
                    Sharee(href: href, readWrite: element.first(XMLName(cs, "read-write")) != nil))
            }
            let remove = root.all(XMLName(cs, "remove")).compactMap {
                $0.first(.dav.href)?.trimmedText
            }
            self.init(set: set, remove: remove)
        case .dav.name("share-resource"):
            var set: [Sharee] = []
            var remove: [String] = []
            for sharee in root.all(.dav.name("sharee")) {
                guard let href = sharee.first(.dav.href)?.trimmedText, !href.isEmpty else {
                    throw DAVError(status: 400, reason: "DAV:sharee without DAV:href")
                }
                let access = sharee.first(.dav.name("share-access"))?.elements.first?.name
                switch access {
                case .dav.name("read-write"): set.append(Sharee(href: href, readWrite: true))
                case .dav.name("read"): set.append(Sharee(href: href, readWrite: false))
                case .dav.name("no-access"): remove.append(href)
                default:
                    throw DAVError(
                        status: 400,
                        reason: "DAV:share-access must be read, read-write or no-access")
                }
            }
            self.init(set: set, remove: remove)
        default:
            return nil
        }
    }
}

/// Who a calendar is shared with, as `CS:invite` reports it (calendarserver-sharing.txt §5.1).
public struct CalendarInvite: Sendable {
    /// One sharee.
    public struct Sharee: Sendable, Hashable {
        public var href: String
        public var commonName: String
        public var readWrite: Bool

        public init(href: String, commonName: String, readWrite: Bool) {
            self.href = href
            self.commonName = commonName
            self.readWrite = readWrite
        }
    }

    /// The owner (`CS:organizer`), reported to sharees.
    public var organizer: (href: String, commonName: String)?
    public var sharees: [Sharee]

    public init(organizer: (href: String, commonName: String)?, sharees: [Sharee]) {
        self.organizer = organizer
        self.sharees = sharees
    }

    /// The `CS:invite` element.
    public var element: XMLElement {
        let cs = XMLNamespace.calendarServer
        var children: [XMLNode] = []
        if let organizer {
            children.append(
                .element(
                    XMLElement(
                        XMLName(cs, "organizer"),
                        children: [
                            .element(XMLElement(.dav.href, text: organizer.href)),
                            .element(
                                XMLElement(XMLName(cs, "common-name"), text: organizer.commonName)),
                        ])))
        }
        for sharee in sharees {
            children.append(
                .element(
                    XMLElement(
                        XMLName(cs, "user"),
                        children: [
                            .element(XMLElement(.dav.href, text: sharee.href)),
                            .element(
                                XMLElement(XMLName(cs, "common-name"), text: sharee.commonName)),
                            .element(XMLElement(XMLName(cs, "invite-accepted"))),
                            .element(
                                XMLElement(
                                    XMLName(cs, "access"),
                                    children: [
                                        .element(
                                            XMLElement(
                                                XMLName(
                                                    cs, sharee.readWrite ? "read-write" : "read")))
                                    ])),
                        ])))
        }
        return XMLElement(XMLName(cs, "invite"), children: children)
    }
}

/// A backend that shares calendars (CalendarServer sharing).
public protocol SharingBackend: DAVBackend {
    /// Whether the current user may share `calendar` (they own it).
    func canShare(_ calendar: any CalendarCollectionResource) -> Bool
    /// `CS:invite` of a calendar, or `nil` when it is neither shared nor shareable.
    func invite(of calendar: any CalendarCollectionResource) async throws(DAVError)
        -> CalendarInvite?
    /// Applies a share request to the current user's own `calendar`.
    func applyShare(_ request: ShareRequest, to calendar: any CalendarCollectionResource)
        async throws(DAVError)
    /// The owner's URL of a calendar shared with the current user (`CS:shared-url`), or `nil`
    /// for their own.
    func sharedURL(of calendar: any CalendarCollectionResource) -> String?
    /// Answers an invitation to a calendar shared with the current user (caldav-sharing.txt
    /// §5.4); returns the calendar's URL in the user's home when accepted.
    func reply(_ reply: InviteReply) async throws(DAVError) -> String?
}

/// `POST` of `CS:share` (or `DAV:share-resource`) to a calendar: the owner adds, changes and
/// removes sharees (calendarserver-sharing.txt §5.2). Shares are accepted at once, as
/// Nextcloud does: the calendar appears in each sharee's home, and an invitation in their
/// notification collection. `POST` of `CS:invite-reply` to the calendar home answers an
/// invitation (§5.4): `200` with `CS:shared-as` naming the calendar in the home when accepted.
public struct SharePostMethod: MethodHandler {
    public let method = "POST"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let resource = try await backend.existingResource(at: request.path)
        if resource is any CalendarHomeResource, let sharing = backend as? any SharingBackend {
            guard let root = try? server.parseXML(request), let reply = try InviteReply(root)
            else { throw DAVError(status: 405, reason: "POST to a home takes CS:invite-reply") }
            guard let href = try await sharing.reply(reply) else {
                return DAVResponse(status: 200, headers: [], body: [])
            }
            return DAVResponse(
                status: 200, headers: [("Content-Type", "application/xml; charset=utf-8")],
                body: InviteReply.sharedAs(href))
        }
        guard let sharing = backend as? any SharingBackend,
            let calendar = resource as? any CalendarCollectionResource
        else { throw DAVError(status: 405, reason: "POST is not supported here") }
        // Another body (JSON, a push registration when push is off, any other XML) is not a
        // POST this server supports on the calendar: 405, as on every other resource.
        guard let root = try? server.parseXML(request), let share = try ShareRequest(root) else {
            throw DAVError(status: 405, reason: "POST takes CS:share or DAV:share-resource")
        }
        guard sharing.canShare(calendar) else {
            throw DAVError.needPrivileges(
                href: calendar.href, privilege: "share",
                reason: "only the calendar's owner shares it")
        }
        try await sharing.applyShare(share, to: calendar)
        return DAVResponse(status: 200, headers: [], body: [])
    }
}

/// The CalendarServer sharing properties of calendars: `CS:allowed-sharing-modes`, `CS:invite`
/// and, on a calendar shared with the user, `CS:shared-url` naming the owner's calendar
/// (calendarserver-sharing.txt §5.1).
public struct SharingPropertyProvider: PropertyProvider {
    public init() {}

    public static let allowedSharingModes = XMLName(
        XMLNamespace.calendarServer, "allowed-sharing-modes")
    public static let invite = XMLName(XMLNamespace.calendarServer, "invite")

    public func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        resource is any CalendarCollectionResource
            ? [Self.allowedSharingModes, Self.invite, .calendarServer.sharedURL] : []
    }

    public func allPropertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        []
    }

    public func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement? {
        guard let calendar = resource as? any CalendarCollectionResource,
            let sharing = backend as? any SharingBackend
        else { return nil }
        switch name {
        case Self.allowedSharingModes:
            return XMLElement(
                name,
                children: sharing.canShare(calendar)
                    ? [.element(XMLElement(XMLName(XMLNamespace.calendarServer, "can-be-shared")))]
                    : [])
        case Self.invite:
            return try await sharing.invite(of: calendar)?.element
        case .calendarServer.sharedURL:
            return sharing.sharedURL(of: calendar).map {
                XMLElement(name, children: [.element(XMLElement(.dav.href, text: $0))])
            }
        default:
            return nil
        }
    }
}
