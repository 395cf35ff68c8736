/// Answers some live properties on some resources (sabre/dav's `propFind.handle` pattern, typed).
///
/// A PROPFIND asks every registered provider in order; the first that answers a property wins, a
/// property nobody answers is reported `404 Not Found`.
public protocol PropertyProvider: Sendable {
    /// The properties this provider can answer on `resource` (for `propname`).
    func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName]

    /// The subset returned by `allprop` (RFC 4918 §9.1: not expensive or computed ones).
    func allPropertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName]

    /// The property's value as its element, or `nil` when this provider does not answer it here.
    func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement?
}

extension PropertyProvider {
    public func allPropertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        propertyNames(of: resource, context: context)
    }
}

/// A REPORT (RFC 3253 §3.6) handler, registered by the root element name of its body.
public protocol ReportHandler: Sendable {
    /// The report's root element name (`{DAV:}sync-collection`, `{…caldav}calendar-query`).
    var name: XMLName { get }

    /// Whether `resource` supports this report (for `DAV:supported-report-set`).
    func isSupported(on resource: any DAVResource) -> Bool

    /// Answers the report.
    func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse
}

/// A provider that writes some property values straight into a response's bytes, for listings
/// that answer the same few properties for thousands of members (`DAVServer.appendDirectly`).
///
/// Used only as the first provider, whose answer wins: what it writes must be exactly the bytes
/// `XMLWriter` writes for the element `value(of:on:context:backend:)` returns.
public protocol DirectPropertyWriting: PropertyProvider {
    /// Whether `appendValue` may answer `name` (for some resources).
    func writesDirectly(_ name: XMLName) -> Bool

    /// Appends the serialised element `value(of: name, on: resource, …)` returns and returns
    /// `true`; or returns `false` when `value` would not answer it from the resource alone (then
    /// the member's response is built the usual way; what was appended is dropped).
    func appendValue(of name: XMLName, on resource: any DAVResource, into out: inout [UInt8])
        -> Bool
}
