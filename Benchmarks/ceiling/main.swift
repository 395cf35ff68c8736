import Hummingbird
import Logging

/// The benchmark's "ceiling": a trivial Hummingbird 2 route answering a constant 200, so a
/// Cadence request's cost can be read as a fraction of the framework's on the same machine.
/// Usage: `cadence-ceiling [--host 127.0.0.1] [--port 8090]` (loopback only by default).
var host = "127.0.0.1"
var port = 8090
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--host": host = arguments.next() ?? host
    case "--port": port = arguments.next().flatMap { Int($0) } ?? port
    default: break
    }
}
var logger = Logger(label: "cadence-ceiling")
logger.logLevel = .warning
let router = Router()
router.get("/") { _, _ in "ok\n" }
router.get("/health") { _, _ in "ok\n" }
let app = Application(
    router: router,
    configuration: .init(address: .hostname(host, port: port), serverName: "Ceiling"),
    logger: logger)
try await app.runService()
