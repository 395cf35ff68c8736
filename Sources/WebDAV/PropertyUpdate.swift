/// A PROPPATCH request body (RFC 4918 §9.2, §14.19): set and remove instructions, in order.
public struct PropertyUpdate: Sendable, Hashable {
    /// One instruction.
    public enum Operation: Sendable, Hashable {
        /// Set a property to the value held by this element (the property element itself).
        case set(XMLElement)
        /// Remove a property.
        case remove(XMLName)

        public var name: XMLName {
            switch self {
            case .set(let element): element.name
            case .remove(let name): name
            }
        }
    }

    public var operations: [Operation]

    public init(operations: [Operation]) { self.operations = operations }

    public init(body: [UInt8]) throws(DAVError) {
        try self.init(XMLReader.parse(body))
    }

    public init(_ root: XMLElement) throws(DAVError) {
        guard root.name == .dav.propertyupdate else {
            throw DAVError(status: 400, reason: "expected DAV:propertyupdate, found \(root.name)")
        }
        var operations: [Operation] = []
        for instruction in root.elements {
            guard let prop = instruction.first(.dav.prop) else {
                throw DAVError(status: 400, reason: "\(instruction.name) without DAV:prop")
            }
            switch instruction.name {
            case .dav.set: operations += prop.elements.map { .set($0) }
            case .dav.remove: operations += prop.elements.map { .remove($0.name) }
            default:
                throw DAVError(
                    status: 400, reason: "unexpected \(instruction.name) in propertyupdate")
            }
        }
        self.operations = operations
    }
}
