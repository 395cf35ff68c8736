/// The WebDAV engine: one visible list of method handlers, property providers and reports.
///
/// It turns a `DAVRequest` into a `DAVResponse` against a `DAVBackend`; errors become their status
/// and `<D:error>` body here, never a crash or a stack trace.
public struct DAVServer: Sendable {
    /// Handlers by method name (`PROPFIND`, `MKCALENDAR`, …).
    public var methods: [String: any MethodHandler]
    /// Property providers, asked in order.
    public var providers: [any PropertyProvider]
    /// Reports by root element name.
    public var reports: [XMLName: any ReportHandler]
    /// The `DAV:` compliance classes header value.
    public var complianceClasses: String
    /// The largest XML request body accepted, in octets.
    public var maximumXMLBodySize: Int
    /// Whether error answers carry `DAVError.detail` (the server's `--debug`); off, nothing
    /// internal leaks.
    public var exposesErrorDetails = false

    public init(
        methods: [any MethodHandler], providers: [any PropertyProvider],
        reports: [any ReportHandler],
        complianceClasses: String, maximumXMLBodySize: Int = 1 << 20
    ) {
        var byName: [String: any MethodHandler] = [:]
        for method in methods { byName[method.method] = method }
        self.methods = byName
        self.providers = providers
        var reportsByName: [XMLName: any ReportHandler] = [:]
        for report in reports { reportsByName[report.name] = report }
        self.reports = reportsByName
        self.complianceClasses = complianceClasses
        self.maximumXMLBodySize = maximumXMLBodySize
    }

    /// The methods named in `Allow`, sorted.
    public var allowedMethods: String { methods.keys.sorted().joined(separator: ", ") }

    /// Serves one request.
    public func handle(
        _ request: DAVRequest, context: DAVContext, backend: any DAVBackend
    ) async -> DAVResponse {
        guard let handler = methods[request.method] else {
            return DAVResponse(
                status: 405, headers: [("Allow", allowedMethods)],
                body: Array("method \(request.method) is not supported\n".utf8))
        }
        var context = context
        context.server = self
        do throws(DAVError) {
            if let text = request.header("if") {
                // RFC 4918 §10.4: malformed is 400 for every method. PUT and DELETE evaluate
                // the header inside their write (WritePrecondition); other methods here.
                let header = try IfHeader(parsing: text)
                if request.method != "PUT" && request.method != "DELETE" {
                    let resource = try await backend.resource(at: request.path)
                    if !header.isSatisfied(path: request.path, etag: resource?.etag) {
                        throw DAVError(status: 412, reason: "the If header does not hold")
                    }
                }
            }
            return try await handler.handle(
                request, context: context, server: self, backend: backend)
        } catch {
            return DAVResponse.error(error, withDetail: exposesErrorDetails)
        }
    }

    /// Parses an XML request body, enforcing the XML body size limit.
    public func parseXML(_ request: DAVRequest) throws(DAVError) -> XMLElement {
        if request.body.count > maximumXMLBodySize {
            throw DAVError(status: 413, reason: "XML body larger than \(maximumXMLBodySize) octets")
        }
        return try XMLReader.parse(request.body)
    }

    /// The `<D:response>` for one resource and a PROPFIND-style request.
    public func propertiesResponse(
        for resource: any DAVResource, request propFind: PropFind, context: DAVContext,
        backend: any DAVBackend, minimal: Bool, extra: [XMLName: XMLElement] = [:]
    ) async throws(DAVError) -> MultiStatus.Response {
        var found: [XMLElement] = []
        var missing: [XMLElement] = []
        switch propFind {
        case .propName:
            var names: [XMLName] = []
            for provider in providers {
                names += provider.propertyNames(of: resource, context: context)
            }
            names += try await backend.deadProperties(of: resource).map(\.name)
            var seen = Set<XMLName>()
            found = names.filter { seen.insert($0).inserted }.map { XMLElement($0) }
        case .allProp(let include):
            var names: [XMLName] = []
            for provider in providers {
                names += provider.allPropertyNames(of: resource, context: context)
            }
            var seen = Set<XMLName>()
            for name in names + include where seen.insert(name).inserted {
                if let value = try await value(
                    of: name, on: resource, context: context, backend: backend)
                {
                    found.append(value)
                } else if include.contains(name) {
                    missing.append(XMLElement(name))
                }
            }
            for dead in try await backend.deadProperties(of: resource)
            where seen.insert(dead.name).inserted {
                found.append(dead)
            }
        case .prop(let names):
            var dead: [XMLName: XMLElement]?
            // A handful of names, asked for every member of a listing: a linear check beats hashing.
            for (index, name) in names.enumerated() where !names[..<index].contains(name) {
                if let value = extra[name] {
                    found.append(value)
                    continue
                }
                if let value = try await value(
                    of: name, on: resource, context: context, backend: backend)
                {
                    found.append(value)
                    continue
                }
                if dead == nil {
                    var map: [XMLName: XMLElement] = [:]
                    for element in try await backend.deadProperties(of: resource) {
                        map[element.name] = element
                    }
                    dead = map
                }
                if let value = dead?[name] {
                    found.append(value)
                } else {
                    missing.append(XMLElement(name))
                }
            }
        }
        var propStats: [MultiStatus.PropStat] = []
        if !found.isEmpty || missing.isEmpty || minimal {
            propStats.append(.init(status: 200, properties: found))
        }
        if !missing.isEmpty && !minimal {
            propStats.append(.init(status: 404, properties: missing))
        }
        return MultiStatus.Response(href: resource.href, propStats: propStats)
    }

    /// The plan for writing a `.prop` request's responses directly (`appendProperties`): the
    /// names asked, once each and in order, when the first provider writes every one of them
    /// directly (`DirectPropertyWriting`), apart from `handledByCaller` (a report's own data
    /// property, which its `appendOwn` writes); else `nil`, and every response is built by
    /// `propertiesResponse`.
    public func directPlan(for propFind: PropFind, handledByCaller: XMLName? = nil)
        -> DirectResponsePlan?
    {
        guard case .prop(let asked) = propFind, !asked.isEmpty,
            let writer = providers.first as? any DirectPropertyWriting
        else { return nil }
        var names: [XMLName] = []
        for name in asked where !names.contains(name) {
            guard name == handledByCaller || writer.writesDirectly(name) else { return nil }
            names.append(name)
        }
        return DirectResponsePlan(names: names, writer: writer, handledByCaller: handledByCaller)
    }

    /// Appends the `<D:response>` of `resource` for `propFind`: written straight from the
    /// resource's fields when `plan` allows (`appendDirectly`), else built by
    /// `propertiesResponse`.
    public func appendProperties(
        for resource: any DAVResource, request propFind: PropFind, plan: DirectResponsePlan?,
        context: DAVContext, backend: any DAVBackend, minimal: Bool,
        into writer: inout MultiStatusWriter
    ) async throws(DAVError) {
        if let plan, appendDirectly(for: resource, plan: plan, into: &writer) { return }
        writer.append(
            try await propertiesResponse(
                for: resource, request: propFind, context: context, backend: backend,
                minimal: minimal))
    }

    /// Appends the `<D:response>` of `resource` for the request `plan` was made for, written
    /// straight from the resource's fields, when the first provider answers every name for
    /// this resource (`true`): the bytes `propertiesResponse` would make for it (with the
    /// caller's own property, which `appendOwn` writes, in its `extra`). Else appends nothing.
    public func appendDirectly(
        for resource: any DAVResource, plan: DirectResponsePlan,
        appendOwn: ((_ out: inout [UInt8]) -> Void)? = nil, into writer: inout MultiStatusWriter
    ) -> Bool {
        writer.append(writing: { out in
            MultiStatus.appendDirect(href: resource.href, into: &out) { out in
                for name in plan.names {
                    if name == plan.handledByCaller, let appendOwn {
                        appendOwn(&out)
                    } else if !plan.writer.appendValue(of: name, on: resource, into: &out) {
                        return false
                    }
                }
                return true
            }
        })
    }

    /// The value of one live property from the first provider that answers it.
    public func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement? {
        for provider in providers {
            if let value = try await provider.value(
                of: name, on: resource, context: context, backend: backend)
            {
                return value
            }
        }
        return nil
    }
}

/// Handles one HTTP method (one file per method under `Methods/`).
public protocol MethodHandler: Sendable {
    /// The method name, uppercased.
    var method: String { get }

    func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse
}

/// See `DAVServer.directPlan(for:handledByCaller:)`. A class: it is captured for every member
/// of a listing, where copying its array and provider per member showed in profiles.
public final class DirectResponsePlan: Sendable {
    /// The names asked, once each, in order.
    let names: [XMLName]
    /// The first provider, which writes them.
    let writer: any DirectPropertyWriting
    /// The name the caller writes itself, if any.
    let handledByCaller: XMLName?

    init(names: [XMLName], writer: any DirectPropertyWriting, handledByCaller: XMLName?) {
        self.names = names
        self.writer = writer
        self.handledByCaller = handledByCaller
    }
}
