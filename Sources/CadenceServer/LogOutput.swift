import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#else
    import Darwin
#endif

/// Where the server's log lines go (standard output), written behind the caller: a line is
/// appended to a buffer and a serial queue writes what has gathered in one `write(2)` at most
/// `gathering` later, so a request's access line costs no system call, no flush and no thread
/// wake-up of its own under load (waking the queue's thread for every line was about 5 % of a
/// small request's CPU, issue 4), while an idle server's line still goes out within milliseconds. A buffer over `limit` is written by the caller itself
/// (a blocked output slows logging down rather than growing memory), and `flush()` writes
/// everything before the server exits.
final class LogOutput: TextOutputStream, Sendable {
    /// Standard output.
    static let standardOutput = LogOutput(descriptor: 1)
    /// Buffered octets at which the logging caller writes them itself.
    static let limit = 1 << 20
    /// How long lines gather before the queued write.
    static let gathering = DispatchTimeInterval.milliseconds(5)

    /// Lines not yet written, and whether a write is queued.
    struct Pending {
        var bytes: [UInt8] = []
        var queued = false
    }

    private let descriptor: Int32
    private let pending = Mutex(Pending())
    /// Held while writing, so that lines leave in the order they were logged.
    private let writing = Mutex(())
    private let queue = DispatchQueue(label: "cadence.log-output")

    /// Output to an open file descriptor.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Appends `string` (one or more whole lines) to what is to be written.
    func write(_ string: String) {
        let (queue, full) = pending.withLock { pending -> (Bool, Bool) in
            pending.bytes.append(contentsOf: string.utf8)
            if pending.bytes.count >= Self.limit { return (false, true) }
            if pending.queued { return (false, false) }
            pending.queued = true
            return (true, false)
        }
        if full {
            flush()
        } else if queue {
            self.queue.asyncAfter(deadline: .now() + Self.gathering) { self.flush() }
        }
    }

    /// Writes every line appended so far.
    func flush() {
        writing.withLock { _ in
            let bytes = pending.withLock { pending in
                pending.queued = false
                let bytes = pending.bytes
                pending.bytes = []
                return bytes
            }
            Self.write(bytes, to: descriptor)
        }
    }

    /// `write(2)` until all of `bytes` is written or the descriptor fails (logging never stops
    /// the server); an interrupted call is retried a bounded number of times.
    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            var interruptions = 0
            while offset < buffer.count, interruptions < 100 {
                let written = systemWrite(
                    descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    interruptions += 1
                } else {
                    return
                }
            }
        }
    }

    /// The C library's `write`, named apart from `write(_:)`.
    private static func systemWrite(
        _ descriptor: Int32, _ address: UnsafeRawPointer, _ count: Int
    ) -> Int {
        #if canImport(Darwin)
            Darwin.write(descriptor, address, count)
        #elseif canImport(Musl)
            Musl.write(descriptor, address, count)
        #else
            Glibc.write(descriptor, address, count)
        #endif
    }
}
