import Storage
import Testing

extension StoreContract {
    /// `ObjectPaging`: pages in name order, `after` exclusive, `limit` respected, data included;
    /// the exact-instance flag of the index is stored, read back, and copied.
    @Sendable static func objectPaging(_ store: any CadenceStore) async throws {
        let paging = try #require(store as? any ObjectPaging, "the engine must read in pages")
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let names = (0..<7).map { "obj-\($0).ics" }.shuffled()
        for (offset, name) in names.enumerated() {
            var write = eventWrite(name, uid: name, start: 100, end: 200)
            if offset % 2 == 0 {
                write.index.exactInstances = [
                    ObjectInstance(start: 100, end: 150), ObjectInstance(start: 190, end: 180),
                ]
            }
            _ = try await store.putObject(write, collectionID: calendar.id, precondition: .none)
        }
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await paging.objects(
                collectionID: calendar.id, after: cursor, limit: 3, withData: true)
            #expect(page.count <= 3)
            #expect(page.allSatisfy { $0.data == event($0.name) })
            seen += page.map(\.name)
            pages += 1
            cursor = page.count == 3 ? page.last?.name : nil
        } while cursor != nil && pages < 10
        #expect(seen == names.sorted())
        #expect(pages == 3)
        #expect(
            try await paging.objects(
                collectionID: calendar.id, after: "obj-6.ics", limit: 3, withData: true) == [])
        let metadata = try await paging.objects(
            collectionID: calendar.id, after: "obj-2.ics", limit: 2, withData: false)
        #expect(metadata.map(\.name) == ["obj-3.ics", "obj-4.ics"])
        #expect(metadata.allSatisfy { $0.data == nil && $0.size == event($0.name).count })
        await expectError(.notFound) { () async throws(StorageError) in
            try await paging.objects(collectionID: 9_999, after: nil, limit: 3, withData: true)
        }
        // The exact instances: written, read back by every read, and kept by a copy.
        let exactInstances = [
            ObjectInstance(start: 100, end: 150), ObjectInstance(start: 190, end: 190),
        ]
        let exactNames = Set(names.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let listed = try await store.objects(collectionID: calendar.id)
        #expect(
            Set(listed.filter { $0.index.exactInstances == exactInstances }.map(\.name))
                == exactNames)
        let ranged = try await store.objects(
            collectionID: calendar.id, componentType: "VEVENT", start: 150, end: 160)
        #expect(
            Set(ranged.filter { $0.index.exactInstances == exactInstances }.map(\.name))
                == exactNames)
        // The pre-filter as metadata: the same objects, without their bodies.
        for (start, end): (Int64?, Int64?) in [(150, 160), (nil, 100), (201, nil), (nil, nil)] {
            let full = try await store.objects(
                collectionID: calendar.id, componentType: "VEVENT", start: start, end: end)
            let metadata = try await paging.objectMetadata(
                collectionID: calendar.id, componentType: "VEVENT", start: start, end: end)
            #expect(metadata == full.map(\.metadata))
            #expect(metadata.allSatisfy { $0.data == nil })
        }
        let exactName = try #require(exactNames.first)
        let other = try await makeCalendar(store, alice, "other")
        let copy = try await store.copyObject(
            from: calendar.id, name: exactName, to: other.id, as: "copy.ics", overwrite: false)
        #expect(copy.object.index.exactInstances == exactInstances)
        #expect(
            try await store.object(collectionID: other.id, name: "copy.ics")?.index.exactInstances
                == exactInstances)
        #expect(ObjectInstance.decode(ObjectInstance.encode(exactInstances)) == exactInstances)
        #expect(ObjectInstance.decode([1, 2, 3]) == nil)
    }

    /// `ObjectPaging.eventMatches`: the objects whose exact instances a range matches (RFC 4791
    /// §9.9: overlap, or an instant inside), the pre-filter's candidates without exact instances
    /// as metadata, never a VTODO nor an object outside the pre-filter.
    @Sendable static func eventMatches(_ store: any CadenceStore) async throws {
        let paging = try #require(store as? any ObjectPaging, "the engine must read in pages")
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        // name: (exact instances or nil, first start, last end, component)
        let objects: [(String, [ObjectInstance]?, Int64?, Int64?, String)] = [
            ("a.ics", [ObjectInstance(start: 100, end: 200)], 100, 200, "VEVENT"),
            ("b.ics", [ObjectInstance(start: 300, end: 300)], 300, 300, "VEVENT"),
            (
                "c.ics",
                [ObjectInstance(start: 100, end: 110), ObjectInstance(start: 500, end: 600)],
                100, 600, "VEVENT"
            ),
            ("d.ics", [], 100, 600, "VEVENT"),
            ("e.ics", nil, 100, 600, "VEVENT"),
            ("f.ics", nil, nil, nil, "VEVENT"),
            ("g.ics", [ObjectInstance(start: 100, end: 200)], 100, 200, "VTODO"),
            ("h.ics", nil, 1_000, 2_000, "VEVENT"),
        ]
        for (name, instances, start, end, component) in objects {
            var write = eventWrite(name, uid: name, start: start, end: end, component: component)
            write.index.exactInstances = instances
            _ = try await store.putObject(write, collectionID: calendar.id, precondition: .none)
        }
        let cases: [(Int64?, Int64?, Set<String>, [String])] = [
            (150, 160, ["a.ics"], ["e.ics", "f.ics"]),
            (200, 300, [], ["e.ics", "f.ics"]),
            (300, 301, ["b.ics"], ["e.ics", "f.ics"]),
            (299, 300, [], ["e.ics", "f.ics"]),
            (550, nil, ["c.ics"], ["e.ics", "f.ics", "h.ics"]),
            (nil, 100, [], ["f.ics"]),
            (nil, 101, ["a.ics", "c.ics"], ["e.ics", "f.ics"]),
            (nil, nil, ["a.ics", "b.ics", "c.ics"], ["e.ics", "f.ics", "h.ics"]),
        ]
        for (start, end, names, unindexed) in cases {
            let matches = try await paging.eventMatches(
                collectionID: calendar.id, start: start, end: end)
            #expect(Set(matches.names) == names, "\(start as Any) \(end as Any)")
            #expect(matches.names.count == names.count)
            #expect(matches.unindexed.map(\.name) == unindexed, "\(start as Any) \(end as Any)")
            #expect(
                matches.unindexed.allSatisfy { $0.data == nil && $0.index.exactInstances == nil })
            // Every name is an object the exact test keeps, whatever the engine's pre-filter.
            for name in matches.names {
                let object = try #require(
                    try await store.object(collectionID: calendar.id, name: name))
                #expect(
                    object.index.exactInstances?.contains { $0.matches(start: start, end: end) }
                        == true)
            }
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await paging.eventMatches(collectionID: 9_999, start: nil, end: nil)
        }
    }
}
