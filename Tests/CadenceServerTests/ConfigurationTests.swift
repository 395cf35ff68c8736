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
        #expect(defaults.trashRetentionDays == 30)
        let limits = Configuration.fromEnvironment([
            "CADENCE_MAX_OBJECT_SIZE": "2048", "CADENCE_MAX_XML_SIZE": "4096",
            "CADENCE_QUOTA_BYTES": "1000000", "CADENCE_TRASH_DAYS": "7",
        ])
        #expect(limits.maximumObjectSize == 2048)
        #expect(limits.maximumXMLBodySize == 4096)
        #expect(limits.quotaBytes == 1_000_000)
        #expect(limits.trashRetentionDays == 7)
        // Values that are not positive integers leave the defaults.
        let junk = Configuration.fromEnvironment(
            ["CADENCE_TRASH_DAYS": "-1", "CADENCE_MAX_OBJECT_SIZE": "ten"])
        #expect(junk.trashRetentionDays == 30)
        #expect(junk.maximumObjectSize == defaults.maximumObjectSize)
    }

    @Test func readsOnEventLoopsUnlessTurnedOff() {
        #expect(Configuration().readsOnEventLoops)
        #expect(Configuration.fromEnvironment([:]).readsOnEventLoops)
        #expect(!Configuration.fromEnvironment(["CADENCE_LOOP_READS": "0"]).readsOnEventLoops)
        #expect(!Configuration.fromEnvironment(["CADENCE_LOOP_READS": "false"]).readsOnEventLoops)
        #expect(Configuration.fromEnvironment(["CADENCE_LOOP_READS": "1"]).readsOnEventLoops)
    }
}
