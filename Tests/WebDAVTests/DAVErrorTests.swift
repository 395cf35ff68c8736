import Testing
import WebDAV

@Suite struct DAVErrorTests {
    @Test func carriesStatusAndCondition() {
        let error = DAVError(
            status: 403, condition: .init(namespace: "DAV:", name: "propfind-finite-depth"),
            reason: "Depth: infinity is not supported")
        #expect(error.status == 403)
        #expect(error.condition?.name == "propfind-finite-depth")
    }
}
