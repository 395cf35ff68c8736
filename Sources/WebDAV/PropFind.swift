/// A PROPFIND request body (RFC 4918 §9.1, §14.20).
public enum PropFind: Sendable, Hashable {
    /// `<D:prop>`: these properties, in the order asked.
    case prop([XMLName])
    /// `<D:allprop>` (or an empty body), with any `<D:include>` extras.
    case allProp(include: [XMLName])
    /// `<D:propname>`: names only.
    case propName

    /// Parses a body; an empty body means `allprop` (RFC 4918 §9.1).
    public init(body: [UInt8]) throws(DAVError) {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            self = .allProp(include: [])
            return
        }
        try self.init(XMLReader.parse(body))
    }

    public init(_ root: XMLElement) throws(DAVError) {
        guard root.name == .dav.propfind else {
            throw DAVError(status: 400, reason: "expected DAV:propfind, found \(root.name)")
        }
        if let prop = root.first(.dav.prop) {
            self = .prop(prop.elements.map(\.name))
        } else if root.first(.dav.allprop) != nil {
            self = .allProp(include: root.first(.dav.include)?.elements.map(\.name) ?? [])
        } else if root.first(.dav.propname) != nil {
            self = .propName
        } else {
            throw DAVError(status: 400, reason: "DAV:propfind needs prop, allprop or propname")
        }
    }
}
