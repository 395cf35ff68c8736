/// Well-known XML namespaces.
public enum XMLNamespace {
    /// WebDAV (RFC 4918).
    public static let dav = "DAV:"
    /// CalDAV (RFC 4791).
    public static let calDAV = "urn:ietf:params:xml:ns:caldav"
    /// CardDAV (RFC 6352).
    public static let cardDAV = "urn:ietf:params:xml:ns:carddav"
    /// CalendarServer extensions (getctag).
    public static let calendarServer = "http://calendarserver.org/ns/"
    /// Apple iCal extensions (calendar-color, calendar-order).
    public static let appleICal = "http://apple.com/ns/ical/"
}

extension XMLName {
    /// Names in the `DAV:` namespace (RFC 4918, RFC 3744, RFC 5397, RFC 6578).
    public enum dav {
        public static func name(_ local: String) -> XMLName { XMLName(XMLNamespace.dav, local) }
        public static let multistatus = name("multistatus")
        public static let response = name("response")
        public static let href = name("href")
        public static let status = name("status")
        public static let propstat = name("propstat")
        public static let prop = name("prop")
        public static let propfind = name("propfind")
        public static let allprop = name("allprop")
        public static let propname = name("propname")
        public static let include = name("include")
        public static let propertyupdate = name("propertyupdate")
        public static let set = name("set")
        public static let remove = name("remove")
        public static let error = name("error")
        public static let responseDescription = name("responsedescription")
        public static let mkcol = name("mkcol")
        public static let collection = name("collection")
        public static let displayName = name("displayname")
        public static let resourceType = name("resourcetype")
        public static let getETag = name("getetag")
        public static let getContentType = name("getcontenttype")
        public static let getContentLength = name("getcontentlength")
        public static let getLastModified = name("getlastmodified")
        public static let creationDate = name("creationdate")
        public static let getContentLanguage = name("getcontentlanguage")
        public static let lockDiscovery = name("lockdiscovery")
        public static let supportedLock = name("supportedlock")
        public static let owner = name("owner")
        public static let currentUserPrincipal = name("current-user-principal")
        public static let currentUserPrivilegeSet = name("current-user-privilege-set")
        public static let principalURL = name("principal-URL")
        public static let principalCollectionSet = name("principal-collection-set")
        public static let supportedReportSet = name("supported-report-set")
        public static let syncToken = name("sync-token")
        public static let syncCollection = name("sync-collection")
        public static let syncLevel = name("sync-level")
        public static let limit = name("limit")
        public static let nresults = name("nresults")
        public static let quotaAvailableBytes = name("quota-available-bytes")
        public static let quotaUsedBytes = name("quota-used-bytes")
        public static let acl = name("acl")
        public static let privilege = name("privilege")
        public static let principal = name("principal")
        public static let propfindFiniteDepth = name("propfind-finite-depth")
        public static let validSyncToken = name("valid-sync-token")
        public static let numberOfMatchesWithinLimits = name("number-of-matches-within-limits")
        public static let groupMemberSet = name("group-member-set")
        public static let groupMembership = name("group-membership")
        public static let alternateURISet = name("alternate-URI-set")
        public static let expandProperty = name("expand-property")
    }
}
