import CalDAV
import ICalendar
import Storage
import WebDAV

/// How PROPPATCH, MKCOL and MKCALENDAR treat each property of a collection: the live ones the
/// store keeps in columns, the protected ones nobody may set, and the rest as dead properties.
enum LiveCollectionProperty {
    enum Outcome {
        case live(CollectionPropertyChange)
        case dead
        case failed(Int)
    }

    /// Computed or server-maintained properties (RFC 4918 §15, RFC 4791 §5.2, RFC 6578, RFC 3744).
    static let protected: Set<XMLName> = [
        .dav.resourceType, .dav.getETag, .dav.getContentLength, .dav.getLastModified,
        .dav.creationDate,
        .dav.lockDiscovery, .dav.supportedLock, .dav.syncToken, .dav.currentUserPrincipal,
        .dav.currentUserPrivilegeSet, .dav.owner, .dav.acl, .dav.supportedReportSet,
        .dav.principalURL,
        .dav.principalCollectionSet, .dav.quotaUsedBytes, .dav.quotaAvailableBytes,
        .calendarServer.getctag,
        .calDAV.supportedCalendarData, .calDAV.maxResourceSize, .calDAV.minDateTime,
        .calDAV.maxDateTime,
        .calDAV.supportedCollationSet, .calDAV.calendarHomeSet, .calDAV.calendarUserAddressSet,
    ]

    /// The outcome of setting `element`.
    static func change(for element: XMLElement, isCalendar: Bool, isCollection: Bool = true)
        -> Outcome
    {
        if protected.contains(element.name) { return .failed(403) }
        guard isCollection else { return .dead }
        let text = element.text
        switch element.name {
        case .dav.displayName:
            return .live(.displayName(text))
        case .calDAV.calendarDescription where isCalendar:
            return .live(.calendarDescription(text))
        case .appleICal.calendarColor where isCalendar:
            return .live(.color(element.trimmedText))
        case .appleICal.calendarOrder where isCalendar:
            guard let order = Int(element.trimmedText) else { return .failed(409) }
            return .live(.order(order))
        case .calDAV.calendarTimezone where isCalendar:
            guard let calendar = try? Component(parsing: text),
                !calendar.components(named: "VTIMEZONE").isEmpty
            else { return .failed(403) }
            return .live(.timeZone(text))
        case .calDAV.supportedCalendarComponentSet where isCalendar:
            let names = element.all(.calDAV.comp).compactMap {
                $0.attributes[XMLName("", "name")]?.uppercased()
            }
            let known = CalendarObjectValidator.calendarComponentTypes
            guard !names.isEmpty, names.allSatisfy({ known.contains($0) }) else {
                return .failed(403)
            }
            return .live(.supportedComponents(names))
        default:
            return .dead
        }
    }

    /// The outcome of removing `name`.
    static func removal(of name: XMLName, isCalendar: Bool, isCollection: Bool) -> Outcome {
        if protected.contains(name) { return .failed(403) }
        guard isCollection else { return .dead }
        switch name {
        case .dav.displayName: return .live(.displayName(nil))
        case .calDAV.calendarDescription where isCalendar: return .live(.calendarDescription(nil))
        case .appleICal.calendarColor where isCalendar: return .live(.color(nil))
        case .appleICal.calendarOrder where isCalendar: return .live(.order(nil))
        case .calDAV.calendarTimezone where isCalendar: return .live(.timeZone(nil))
        case .calDAV.supportedCalendarComponentSet where isCalendar: return .failed(403)
        default: return .dead
        }
    }
}
