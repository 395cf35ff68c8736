import Storage
import Testing

@testable import CadenceServer

/// The operations settings' environment variables and the `cadence log` line format (issue 7).
@Suite struct OperationsConfigurationTests {
    @Test func environment() {
        let defaults = Configuration()
        #expect(defaults.syncLogRetentionDays == 30)
        #expect(defaults.trustProxy == false)
        #expect(defaults.rateLimit == nil)
        #expect(defaults.logLevel == .info)
        #expect(defaults.logFormat == .text)
        let set = Configuration.fromEnvironment([
            "CADENCE_LOG_DAYS": "90", "CADENCE_TRUST_PROXY": "1", "CADENCE_RATE_LIMIT": "2.5",
            "CADENCE_LOG_LEVEL": "debug", "CADENCE_LOG_FORMAT": "json",
        ])
        #expect(set.syncLogRetentionDays == 90)
        #expect(set.trustProxy)
        #expect(set.rateLimit == 2.5)
        #expect(set.logLevel == .debug)
        #expect(set.logFormat == .json)
        let junk = Configuration.fromEnvironment([
            "CADENCE_LOG_DAYS": "0", "CADENCE_TRUST_PROXY": "no", "CADENCE_RATE_LIMIT": "-3",
            "CADENCE_LOG_LEVEL": "loud", "CADENCE_LOG_FORMAT": "xml",
        ])
        #expect(junk == defaults)
        #expect(Configuration.logLevel(named: "WARNING") == .warning)
        #expect(Configuration.logLevel(named: "verbose") == nil)
    }

    @Test func retentionDebugAndMetricsPortFromTheEnvironment() {
        let defaults = Configuration()
        #expect(defaults.syncTokenRetentionDays == 90)
        #expect(defaults.debug == false)
        #expect(defaults.metricsPort == nil)
        let set = Configuration.fromEnvironment([
            "CADENCE_SYNC_TOKEN_DAYS": "30", "CADENCE_DEBUG": "1", "CADENCE_METRICS_PORT": "9464",
        ])
        #expect(set.syncTokenRetentionDays == 30)
        #expect(set.debug)
        #expect(set.metricsPort == 9464)
        #expect(Configuration.fromEnvironment(["CADENCE_DEBUG": "true"]).debug)
        let junk = Configuration.fromEnvironment([
            "CADENCE_SYNC_TOKEN_DAYS": "0", "CADENCE_DEBUG": "yes please",
            "CADENCE_METRICS_PORT": "-1",
        ])
        #expect(junk == defaults)
    }

    @Test func logLine() {
        let entry = SyncLogEntry(
            time: 1_764_086_400, ownerID: 1, userName: "alice", client: "DAVx5/4.4",
            action: .move, collectionPath: "/caldav/calendars/alice/work/", objectName: "a.ics",
            taskID: "T1", destination: "/caldav/calendars/alice/home/a.ics", status: 201)
        #expect(
            SyncLogQueryText.line(entry)
                == "2025-11-25T16:00:00Z\talice\tDAVx5/4.4\tmove\t/caldav/calendars/alice/work/"
                + "\ta.ics\tT1\t/caldav/calendars/alice/home/a.ics\t201")
    }
}
