import CadenceServer
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsAndEnvironment() {
        let defaults = Configuration()
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.port == 8080)
        #expect(defaults.dataDirectory == "./cadence-data")
        let env = Configuration.fromEnvironment(
            ["CADENCE_HOST": "0.0.0.0", "CADENCE_PORT": "9000", "CADENCE_DATA": "/tmp/d"])
        #expect(env.host == "0.0.0.0")
        #expect(env.port == 9000)
        #expect(env.dataDirectory == "/tmp/d")
    }
}
