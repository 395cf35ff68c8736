/// Times closures with `ContinuousClock` and summarises the runs (best, median).
struct Stopwatch: Sendable {
    private let clock = ContinuousClock()

    /// The duration of every one of `runs` calls of `body`.
    func measure(runs: Int, _ body: () -> Void) -> [Duration] {
        var samples: [Duration] = []
        samples.reserveCapacity(runs)
        for _ in 0..<runs {
            let start = clock.now
            body()
            samples.append(clock.now - start)
        }
        return samples
    }

    /// The shortest of `samples`.
    static func best(_ samples: [Duration]) -> Duration { samples.min() ?? .zero }

    /// The median of `samples`.
    static func median(_ samples: [Duration]) -> Duration {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .zero }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Megabytes (10⁶ bytes) per second for `bytes` processed in `duration`.
    static func megabytesPerSecond(_ bytes: Int, _ duration: Duration) -> Double {
        Double(bytes) / 1e6 / max(seconds(duration), 1e-12)
    }

    /// `duration` in microseconds.
    static func microseconds(_ duration: Duration) -> Double { seconds(duration) * 1e6 }
}
