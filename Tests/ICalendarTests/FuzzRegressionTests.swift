import ICalendar
import Testing

/// Inputs found by the libFuzzer targets in `Fuzz/` (issue 8), kept as regression tests.
@Suite struct RecurrenceFuzzRegressionTests {
    /// FuzzRecurrence, 2026-12-06: `FREQ=SECONDLY` with a BYMINUTE limit walked every second of
    /// every excluded minute (3,600 periods an hour for two instances); excluded minutes are now
    /// skipped whole. The instances stay exactly the same.
    @Test func secondlyWithByMinuteSkipsExcludedMinutes() throws {
        let instances = try expand(
            "FREQ=SECONDLY;BYSECOND=0,30;BYMINUTE=0", from: "19970902T090000", limit: 6)
        #expect(
            instances == [
                "19970902T090000", "19970902T090030", "19970902T100000", "19970902T100030",
                "19970902T110000", "19970902T110030",
            ])
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = try? expand("FREQ=SECONDLY;BYMINUTE=0;BYSECOND=0", from: "19970902T090000")
        }
        // 10,000 hourly instances: a few hundred thousand periods without the skip's bound of
        // one per excluded minute, ~36 million before. Generous for a loaded CI machine.
        #expect(elapsed < .seconds(5))
    }

    @Test func skippingWorksBeforeNineteenSeventy() throws {
        let instances = try expand(
            "FREQ=SECONDLY;BYSECOND=15;BYMINUTE=5,10", from: "19650101T000000", limit: 3)
        #expect(instances == ["19650101T000000", "19650101T000515", "19650101T001015"])
        let hourly = try expand(
            "FREQ=MINUTELY;BYMINUTE=30;BYHOUR=3", from: "19600101T000000", limit: 3)
        #expect(hourly == ["19600101T000000", "19600101T033000", "19600102T033000"])
    }
}
