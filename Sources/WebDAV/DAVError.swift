/// A WebDAV error: an HTTP status and, where the RFC names one, a precondition element
/// rendered as `<D:error>` (RFC 4918 §16).
public struct DAVError: Error, Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The precondition or postcondition element, as namespace and local name.
    public var condition: Condition?
    /// A human-readable reason, never shown with a stack trace.
    public var reason: String
    /// Internal details (the underlying error, where it arose), shown only by an engine that
    /// exposes error details (`DAVServer.exposesErrorDetails`, the server's `--debug`).
    public var detail: String?

    /// A precondition or postcondition element name.
    public struct Condition: Sendable, Hashable {
        public var namespace: String
        public var name: String
        /// `DAV:href` children of the element, where the precondition names resources (e.g.
        /// `CALDAV:no-uid-conflict`, RFC 4791 §5.3.2.1).
        public var hrefs: [String]
        /// Other children of the element, after the hrefs (`DAV:need-privileges` lists
        /// `DAV:resource` elements, RFC 3744 §7.1.1).
        public var elements: [XMLElement]

        public init(
            namespace: String, name: String, hrefs: [String] = [], elements: [XMLElement] = []
        ) {
            self.namespace = namespace
            self.name = name
            self.hrefs = hrefs
            self.elements = elements
        }
    }

    public init(status: Int, condition: Condition? = nil, reason: String, detail: String? = nil) {
        self.status = status
        self.condition = condition
        self.reason = reason
        self.detail = detail
    }
}

extension DAVError {
    /// The `<D:error>` body for this error, when it names a condition (RFC 4918 §16).
    public var errorBody: String? {
        errorElement.map { XMLWriter.document($0) }
    }

    /// The `<D:error>` element for this error, when it names a condition.
    public var errorElement: XMLElement? {
        guard let condition else { return nil }
        return XMLElement(
            .dav.error,
            children: [
                .element(
                    XMLElement(
                        XMLName(condition.namespace, condition.name),
                        children: condition.hrefs.map { .element(XMLElement(.dav.href, text: $0)) }
                            + condition.elements.map { .element($0) }
                    ))
            ])
    }

    /// 403 with `DAV:need-privileges` (RFC 3744 §7.1.1): the current user lacks `privilege`
    /// (a `DAV:` privilege's local name) on the resource at `href`.
    ///
    /// ```xml
    /// <D:error><D:need-privileges><D:resource><D:href>/…/</D:href>
    ///   <D:privilege><D:write-content/></D:privilege></D:resource></D:need-privileges></D:error>
    /// ```
    public static func needPrivileges(href: String, privilege: String, reason: String) -> DAVError
    {
        let resource = XMLElement(
            .dav.name("resource"),
            children: [
                .element(XMLElement(.dav.href, text: href)),
                .element(
                    XMLElement(
                        .dav.privilege, children: [.element(XMLElement(.dav.name(privilege)))])),
            ])
        return DAVError(
            status: 403,
            condition: .init(
                namespace: XMLNamespace.dav, name: "need-privileges", elements: [resource]),
            reason: reason)
    }

    /// 403 with `DAV:propfind-finite-depth` (RFC 4918 §9.1).
    public static let propfindFiniteDepth = DAVError(
        status: 403, condition: .init(namespace: XMLNamespace.dav, name: "propfind-finite-depth"),
        reason: "Depth: infinity is not supported")
}
