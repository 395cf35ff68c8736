/// A dead property (RFC 4918 §4.1): stored as given by PROPPATCH and returned by PROPFIND.
///
/// `path` is the resource's path relative to the owner's home: a collection's path, or a
/// collection's path, a slash and an object's name (`files/sub/notes.txt`); `""` is the home.
public struct DeadProperty: Sendable, Hashable {
    /// The resource's path relative to the owner's home.
    public var path: String
    /// The property's XML namespace URI.
    public var namespace: String
    /// The property's local name.
    public var name: String
    /// The property element serialised as XML text, as the WebDAV layer wrote it.
    public var value: String

    /// Creates a dead property.
    public init(path: String, namespace: String, name: String, value: String) {
        self.path = path
        self.namespace = namespace
        self.name = name
        self.value = value
    }
}

/// One PROPPATCH instruction on dead properties (RFC 4918 §14.23, §14.26), applied in order.
public enum DeadPropertyChange: Sendable, Hashable {
    /// `DAV:set`: creates the property or replaces its value, keeping its position.
    case set(namespace: String, name: String, value: String)
    /// `DAV:remove`: removes the property; removing a missing one is not an error.
    case remove(namespace: String, name: String)
}
