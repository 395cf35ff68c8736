import WebDAV

/// A plain WebDAV tree in memory, to test the engine without storage or HTTP.
actor MemoryTree {
    struct Node {
        var isCollection: Bool
        var data: [UInt8] = []
        var version = 0
        var dead: [XMLName: XMLElement] = [:]
        var displayName: String?
    }

    var nodes: [[String]: Node] = [[]: Node(isCollection: true)]
    var syncVersion = 0
    var log: [(Int, [String], Bool)] = []  // (token, path, deleted)

    func node(_ segments: [String]) -> Node? { nodes[segments] }
    func children(_ segments: [String]) -> [([String], Node)] {
        nodes.filter {
            $0.key.count == segments.count + 1 && Array($0.key.prefix(segments.count)) == segments
        }
        .sorted { $0.key.joined(separator: "/") < $1.key.joined(separator: "/") }
        .map { ($0.key, $0.value) }
    }
    func set(_ segments: [String], _ node: Node?) {
        nodes[segments] = node
        syncVersion += 1
        log.append((syncVersion, segments, node == nil))
    }
    func removeTree(_ segments: [String]) {
        for key in nodes.keys
        where key.count >= segments.count && Array(key.prefix(segments.count)) == segments {
            set(key, nil)
        }
    }
}

struct MemoryResource: SyncableCollection {
    var path: DAVPath
    var isCollection: Bool
    var etag: String?
    var contentType: String?
    var contentLength: Int?
    var displayName: String?
    var syncToken: String
    var owner: DAVPath? { DAVPath("/principals/ann/") }
}

struct MemoryBackend: SyncBackend {
    let tree = MemoryTree()
    /// Called whenever a body is read (`content(of:)`), from where it is read.
    var onContent: (@Sendable () -> Void)? = nil

    func make(_ segments: [String], _ node: MemoryTree.Node, token: Int) -> MemoryResource {
        MemoryResource(
            path: DAVPath(segments: segments, trailingSlash: node.isCollection),
            isCollection: node.isCollection,
            etag: node.isCollection ? nil : "\"v\(node.version)-\(node.data.count)\"",
            contentType: node.isCollection ? nil : "text/plain",
            contentLength: node.isCollection ? nil : node.data.count,
            displayName: node.displayName, syncToken: "urn:sync:\(token)")
    }

    func resource(at path: DAVPath) async throws(DAVError) -> (any DAVResource)? {
        guard let node = await tree.node(path.segments) else { return nil }
        return make(path.segments, node, token: await tree.syncVersion)
    }

    func members(of collection: any DAVResource) async throws(DAVError) -> [any DAVResource] {
        let token = await tree.syncVersion
        return await tree.children(collection.path.segments).map { make($0.0, $0.1, token: token) }
    }

    func content(of resource: any DAVResource) async throws(DAVError) -> [UInt8] {
        onContent?()
        return await tree.node(resource.path.segments)?.data ?? []
    }

    func put(
        at path: DAVPath, body: [UInt8], contentType: String?, precondition: WritePrecondition
    ) async throws(DAVError) -> PutResult {
        let existing = await tree.node(path.segments)
        let current = existing.map { make(path.segments, $0, token: 0).etag! }
        guard precondition.isSatisfied(currentETag: current) else {
            throw DAVError(status: 412, reason: "precondition failed")
        }
        var node = existing ?? MemoryTree.Node(isCollection: false)
        node.data = body
        node.version += 1
        await tree.set(path.segments, node)
        return PutResult(created: existing == nil, etag: make(path.segments, node, token: 0).etag!)
    }

    func delete(_ resource: any DAVResource, precondition: WritePrecondition) async throws(DAVError)
    {
        guard precondition.isSatisfied(currentETag: resource.etag) else {
            throw DAVError(status: 412, reason: "precondition failed")
        }
        await tree.removeTree(resource.path.segments)
    }

    func makeCollection(
        at path: DAVPath, resourceTypes: [XMLName], properties: [XMLElement]
    ) async throws(DAVError) -> [XMLName: Int]? {
        if !resourceTypes.isEmpty { return [.dav.resourceType: 403] }
        var node = MemoryTree.Node(isCollection: true)
        for property in properties {
            if property.name == .dav.displayName {
                node.displayName = property.text
            } else {
                node.dead[property.name] = property
            }
        }
        await tree.set(path.segments, node)
        return nil
    }

    func patchProperties(
        of resource: any DAVResource, operations: [PropertyUpdate.Operation]
    ) async throws(DAVError) -> [(XMLName, Int)] {
        let protected: Set<XMLName> = [.dav.getETag, .dav.resourceType, .dav.getContentLength]
        if operations.contains(where: { protected.contains($0.name) }) {
            return operations.map { ($0.name, protected.contains($0.name) ? 403 : 424) }
        }
        guard var node = await tree.node(resource.path.segments) else {
            throw DAVError(status: 404, reason: "gone")
        }
        for operation in operations {
            switch operation {
            case .set(let element) where element.name == .dav.displayName:
                node.displayName = element.text
            case .remove(let name) where name == .dav.displayName: node.displayName = nil
            case .set(let element): node.dead[element.name] = element
            case .remove(let name): node.dead[name] = nil
            }
        }
        await tree.set(resource.path.segments, node)
        return operations.map { ($0.name, 200) }
    }

    func deadProperties(of resource: any DAVResource) async throws(DAVError) -> [XMLElement] {
        (await tree.node(resource.path.segments)?.dead.values).map {
            Array($0).sorted { $0.name < $1.name }
        } ?? []
    }

    func transfer(
        _ resource: any DAVResource, to destination: DAVPath, move: Bool, overwrite: Bool,
        depth: Depth
    ) async throws(DAVError) -> Bool {
        let exists = await tree.node(destination.segments) != nil
        if exists && !overwrite { throw DAVError(status: 412, reason: "destination exists") }
        if exists { await tree.removeTree(destination.segments) }
        let source = resource.path.segments
        let all = await tree.nodes.filter {
            $0.key.count >= source.count && Array($0.key.prefix(source.count)) == source
        }
        for (key, node) in all where depth == .infinity || key.count == source.count {
            await tree.set(destination.segments + key.dropFirst(source.count), node)
        }
        if move { await tree.removeTree(source) }
        return !exists
    }

    func changes(
        in collection: any SyncableCollection, since token: String?, limit: Int?
    ) async throws(DAVError) -> SyncChanges {
        var since = 0
        if let token {
            guard token.hasPrefix("urn:sync:"), let value = Int(token.dropFirst(9)),
                value <= (await tree.syncVersion)
            else {
                throw DAVError.invalidSyncToken
            }
            since = value
        }
        let base = collection.path.segments
        var latest: [[String]: (Int, Bool)] = [:]
        for (version, path, deleted) in await tree.log
        where version > since && path.count == base.count + 1
            && Array(path.prefix(base.count)) == base
        {
            latest[path] = (version, deleted)
        }
        var ordered = latest.sorted { $0.value.0 < $1.value.0 }
        var truncated = false
        var tokenValue = await tree.syncVersion
        if let limit, ordered.count > limit {
            ordered = Array(ordered.prefix(limit))
            truncated = true
            tokenValue = ordered.last!.value.0
        }
        var changed: [any DAVResource] = []
        var removed: [DAVPath] = []
        for (path, (_, deleted)) in ordered {
            let node = await tree.node(path)
            if deleted || node == nil {
                removed.append(DAVPath(segments: path, trailingSlash: false))
            } else if let node {
                changed.append(make(path, node, token: tokenValue))
            }
        }
        return SyncChanges(
            changed: changed, removed: removed, token: "urn:sync:\(tokenValue)",
            truncated: truncated)
    }
}
