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
}
