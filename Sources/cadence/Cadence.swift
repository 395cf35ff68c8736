import ArgumentParser
import CadenceServer
import Foundation

@main
struct Cadence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadence",
        abstract: "Cadence: a CRM task-and-contact server that speaks CalDAV.",
        subcommands: [Serve.self])
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server.")

    @Option(help: "Address to listen on (CADENCE_HOST).") var host: String?
    @Option(help: "Port to listen on (CADENCE_PORT).") var port: Int?
    @Option(help: "Data folder (CADENCE_DATA).") var data: String?

    func run() async throws {
        var configuration = Configuration.fromEnvironment(ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let data { configuration.dataDirectory = data }
        FileHandle.standardError.write(
            Data(
                "cadence: the HTTP server is not built yet (issue 3); configuration \(configuration)\n"
                    .utf8))
        throw ExitCode(1)
    }
}
