import ArgumentParser
import CadenceServer
import Foundation

@main
struct Cadence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadence",
        abstract: "Cadence: a CRM task-and-contact server that speaks CalDAV.",
        subcommands: [
            Serve.self, UserCommand.self, CalendarCommand.self, TokenCommand.self,
            TrashCommand.self, LinkCommand.self, LogCommand.self, BackupCommand.self,
            RestoreCommand.self, SyncCommand.self, ExportCommand.self, ImportCommand.self,
            PushCommand.self, MigrateCommand.self, MigrateStoreCommand.self, TeamCommand.self,
            ShareCommand.self, UnshareCommand.self, SharesCommand.self, DelegateCommand.self,
        ])
}

/// `--data` and `--database`, shared by every command that opens the store.
struct DataOption: ParsableArguments {
    @Option(help: "Data folder (CADENCE_DATA, default ./cadence-data).") var data: String?
    @Option(
        help:
            "Database: postgres://user:password@host:port/db (CADENCE_DATABASE; default SQLite in the data folder)."
    )
    var database: String?

    var directory: String {
        data ?? Configuration.fromEnvironment(ProcessInfo.processInfo.environment).dataDirectory
    }

    /// `--database`, else `CADENCE_DATABASE`, else `nil` (SQLite in the data folder).
    var databaseURL: String? {
        database ?? Configuration.fromEnvironment(ProcessInfo.processInfo.environment).databaseURL
    }

    func store() async throws -> OpenedStore {
        try await CadenceService.openStore(databaseURL: databaseURL, dataDirectory: directory)
    }

    func administration() async throws -> Administration {
        Administration(store: try await store())
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server.")

    @Option(help: "Address to listen on (CADENCE_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (CADENCE_PORT, default 8080).") var port: Int?
    @Option(
        help: "Largest calendar object or file in octets (CADENCE_MAX_OBJECT_SIZE, default 10 MB).")
    var maxObjectSize: Int?
    @Option(help: "Largest XML request body in octets (CADENCE_MAX_XML_SIZE, default 1 MB).")
    var maxXMLSize: Int?
    @Option(help: "Storage quota per user in octets (CADENCE_QUOTA_BYTES, default 5 GiB).")
    var quota: Int64?
    @Option(help: "Days a deleted object stays in the trash (CADENCE_TRASH_DAYS, default 30).")
    var trashDays: Int?
    @Option(
        help: "Seconds subscribers wait between polls of a link (CADENCE_SUBSCRIPTION_TTL, 900).")
    var subscriptionTTL: Int?
    @Option(
        help:
            "An origin allowed to call from a browser (CORS); repeat for more (CADENCE_CORS_ORIGINS)."
    )
    var corsOrigin: [String] = []
    @Flag(help: "Take the client address from X-Forwarded-For (CADENCE_TRUST_PROXY=1).")
    var trustProxy = false
    @Option(help: "Requests per second allowed per user (CADENCE_RATE_LIMIT, default off).")
    var rateLimit: Double?
    @Option(help: "Days sync-log entries are kept (CADENCE_LOG_DAYS, default 30).")
    var logDays: Int?
    @Option(
        help: "Days a sync token stays usable; older ones resync (CADENCE_SYNC_TOKEN_DAYS, 90).")
    var syncTokenDays: Int?
    @Flag(
        help:
            "Error details in error bodies and an HTML DAV browser for browsers (CADENCE_DEBUG=1)."
    )
    var debug = false
    @Option(
        help:
            "A second port on the same host serving /metrics without a token (CADENCE_METRICS_PORT)."
    )
    var metricsPort: Int?
    @Option(help: "trace, debug, info, notice, warning, error or critical (CADENCE_LOG_LEVEL).")
    var logLevel: String?
    @Option(help: "text or json (CADENCE_LOG_FORMAT, default text).") var logFormat: String?
    @Flag(help: "Turn WebDAV-Push off (CADENCE_PUSH=0).") var noPush = false
    @Flag(
        help:
            "Accept http:// push resources on loopback, for tests (CADENCE_PUSH_ALLOW_HTTP_LOOPBACK=1)."
    )
    var pushAllowHttpLoopback = false
    @Option(
        name: .customLong("db-pool"),
        help: "Most PostgreSQL connections of this instance (CADENCE_DB_POOL, default 16).")
    var databasePool: Int?
    @Option(
        name: .customLong("database-replica"),
        help: ArgumentHelp(
            "A read replica (hot standby) of the PostgreSQL --database, postgres://…; repeatable (CADENCE_DATABASE_REPLICAS, a comma list).",
            valueName: "url"))
    var databaseReplicas: [String] = []
    @Option(
        name: .customLong("replica-max-lag"),
        help: "Most seconds a replica may lag and still serve reads (CADENCE_REPLICA_MAX_LAG, 5).")
    var replicaMaxLag: Double?
    @OptionGroup var data: DataOption

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = Configuration.fromEnvironment(environment)
        // Push is on for the server unless turned off.
        configuration.pushEnabled = !noPush && environment["CADENCE_PUSH"] != "0"
        if pushAllowHttpLoopback { configuration.pushAllowsLoopbackHTTP = true }
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let maxObjectSize { configuration.maximumObjectSize = maxObjectSize }
        if let maxXMLSize { configuration.maximumXMLBodySize = maxXMLSize }
        if let quota { configuration.quotaBytes = quota }
        if let trashDays, trashDays > 0 { configuration.trashRetentionDays = trashDays }
        if let subscriptionTTL, subscriptionTTL > 0 {
            configuration.subscriptionTTLSeconds = subscriptionTTL
        }
        if !corsOrigin.isEmpty { configuration.corsOrigins = corsOrigin }
        if trustProxy { configuration.trustProxy = true }
        if let rateLimit, rateLimit > 0 { configuration.rateLimit = rateLimit }
        if let logDays, logDays > 0 { configuration.syncLogRetentionDays = logDays }
        if let syncTokenDays, syncTokenDays > 0 {
            configuration.syncTokenRetentionDays = syncTokenDays
        }
        if debug { configuration.debug = true }
        if let metricsPort, metricsPort > 0 { configuration.metricsPort = metricsPort }
        if let logLevel {
            guard let level = Configuration.logLevel(named: logLevel) else {
                throw ValidationError(
                    "--log-level: expected trace, debug, info, notice, warning, error or critical")
            }
            configuration.logLevel = level
        }
        if let logFormat {
            guard let format = LogFormat(rawValue: logFormat) else {
                throw ValidationError("--log-format: expected text or json")
            }
            configuration.logFormat = format
        }
        configuration.dataDirectory = data.directory
        configuration.databaseURL = data.databaseURL
        if let databasePool, databasePool > 0 { configuration.databasePoolSize = databasePool }
        if !databaseReplicas.isEmpty { configuration.databaseReplicaURLs = databaseReplicas }
        if let replicaMaxLag {
            guard replicaMaxLag > 0 else {
                throw ValidationError("--replica-max-lag: expected a positive number of seconds")
            }
            configuration.replicaMaximumLag = replicaMaxLag
        }
        if !configuration.databaseReplicaURLs.isEmpty {
            guard let url = configuration.databaseURL, CadenceService.isPostgres(url) else {
                throw ValidationError(
                    "--database-replica: read replicas need a PostgreSQL --database (postgres://…)")
            }
            for replica in configuration.databaseReplicaURLs
            where !CadenceService.isPostgres(replica) {
                throw ValidationError("--database-replica: expected postgres://…, not \(replica)")
            }
        }
        try await CadenceService.serve(configuration: configuration)
    }
}

/// Reads a password from standard input (one line), or generates and prints one when none is given.
func passwordFromStandardInput() -> (password: String, generated: Bool) {
    if isatty(STDIN_FILENO) == 0, let line = readLine(strippingNewline: true), !line.isEmpty {
        return (line, false)
    }
    if isatty(STDIN_FILENO) != 0 {
        print("Password (empty to generate one): ", terminator: "")
        if let line = readLine(strippingNewline: true), !line.isEmpty { return (line, false) }
    }
    return (Passwords.generate(), true)
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.",
        subcommands: [
            Add.self, Passwd.self, List.self, Delete.self, AppPassword.self, AppPasswords.self,
            RevokeAppPassword.self,
        ])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; the password is read from stdin, or generated and printed.")
        @Argument var name: String
        @Option var email: String = ""
        @Option(name: .customLong("display-name")) var displayName: String = ""
        @Flag(help: "Let the user manage users through the API.") var admin = false
        @OptionGroup var data: DataOption

        func run() async throws {
            let (password, generated) = passwordFromStandardInput()
            try await data.administration().addUser(
                name: name, email: email, displayName: displayName, password: password,
                isAdmin: admin)
            print(
                generated
                    ? "created user '\(name)' with password: \(password)" : "created user '\(name)'"
            )
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password (from stdin, or generated).")
        @Argument var name: String
        @OptionGroup var data: DataOption

        func run() async throws {
            let (password, generated) = passwordFromStandardInput()
            try await data.administration().setPassword(name: name, password: password)
            print(
                generated
                    ? "new password for '\(name)': \(password)" : "password changed for '\(name)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var data: DataOption

        func run() async throws {
            for user in try await data.administration().users() {
                print([user.name, user.email, user.displayName].joined(separator: "\t"))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a user and everything they own.")
        @Argument var name: String
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().deleteUser(name: name)
            print("deleted user '\(name)'")
        }
    }

    struct AppPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "app-password",
            abstract: "Issue a revocable app password (for phones); printed once.")
        @Argument var name: String
        @Argument var label: String
        @OptionGroup var data: DataOption

        func run() async throws {
            let token = try await data.administration().addAppPassword(name: name, label: label)
            print(token)
        }
    }
}

extension UserCommand {
    struct AppPasswords: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "app-passwords",
            abstract: "List a user's app passwords (id, label, created, last used).")
        @Argument var name: String
        @OptionGroup var data: DataOption

        func run() async throws {
            for record in try await data.administration().appPasswords(name: name) {
                let used = record.lastUsedAt.map(String.init) ?? "never"
                print(
                    "\(record.id)\t\(record.label)\tcreated \(record.createdAt)\tlast used \(used)")
            }
        }
    }

    struct RevokeAppPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-app-password",
            abstract: "Revoke one of a user's app passwords by id.")
        @Argument var name: String
        @Argument var id: Int64
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().revokeAppPassword(name: name, id: id)
            print("revoked app password \(id) of '\(name)'")
        }
    }
}

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Manage calendars.",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a calendar for a user.")
        @Argument var user: String
        @Argument var uri: String
        @Option var name: String?
        @Option var description: String?
        @Option var color: String?
        @Option(help: "Comma-separated component types, e.g. VEVENT,VTODO.") var components:
            String = "VEVENT,VTODO"
        @OptionGroup var data: DataOption

        func run() async throws {
            let calendar = try await data.administration().createCalendar(
                user: user, uri: uri, displayName: name, description: description, color: color,
                components: components.split(separator: ",").map {
                    String($0).trimmingCharacters(in: .whitespaces)
                })
            print("created calendar /caldav/calendars/\(user)/\(calendar.path)/")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's calendars.")
        @Argument var user: String
        @OptionGroup var data: DataOption

        func run() async throws {
            for calendar in try await data.administration().calendars(user: user) {
                print(
                    [
                        calendar.path, calendar.displayName ?? "",
                        calendar.supportedComponents.joined(separator: ","),
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a calendar and its objects.")
        @Argument var user: String
        @Argument var uri: String
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().deleteCalendar(user: user, uri: uri)
            print("deleted calendar '\(uri)' of '\(user)'")
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens (Authorization: Bearer for /api/v1).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an API token for a user; printed once.")
        @Argument var user: String
        @Option var label: String
        @OptionGroup var data: DataOption

        func run() async throws {
            let (_, token) = try await data.administration().addAPIToken(name: user, label: label)
            print(token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a user's API tokens (id, label, created, last used).")
        @Argument var user: String
        @OptionGroup var data: DataOption

        func run() async throws {
            for record in try await data.administration().apiTokens(name: user) {
                let used = record.lastUsedAt.map(String.init) ?? "never"
                print(
                    "\(record.id)\t\(record.label)\tcreated \(record.createdAt)\tlast used \(used)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token by id.")
        @Argument var user: String
        @Argument var id: Int64
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().revokeAPIToken(name: user, id: id)
            print("revoked API token \(id) of '\(user)'")
        }
    }
}

struct TrashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trash", abstract: "List and restore deleted calendar objects.",
        subcommands: [List.self, Restore.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a user's trash (id, calendar, name, title, deleted at), newest first.")
        @Argument var user: String
        @OptionGroup var data: DataOption

        func run() async throws {
            for entry in try await data.administration().trash(name: user) {
                print(
                    [
                        String(entry.id), entry.collectionPath, entry.name,
                        entry.task?.fields.title ?? "", String(entry.deletedAt),
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a trash entry into its calendar (else crm-tasks).")
        @Argument var user: String
        @Argument var id: Int64
        @OptionGroup var data: DataOption

        func run() async throws {
            let task = try await data.administration().restoreTrash(name: user, id: id)
            print(
                "restored trash entry \(id) of '\(user)'" + (task.map { " (task \($0.id))" } ?? ""))
        }
    }
}

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract:
            "Show the sync log, newest first: time, user, client, action, collection, object, task, destination, status."
    )
    @Option(help: "Only this user's entries.") var user: String?
    @Option(help: "Only entries since an ISO 8601 date or date-time, or an age (30m, 2h, 7d).")
    var since: String?
    @Option(help: "The most entries to show (default 100).") var limit: Int = 100
    @OptionGroup var data: DataOption

    func run() async throws {
        for entry in try await data.administration().syncLog(
            user: user, since: since, limit: limit)
        {
            print(SyncLogQueryText.line(entry))
        }
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to FILE, consistently, also while the server runs.")
    @Argument(help: "The backup file to create (must not exist).") var file: String
    @OptionGroup var data: DataOption

    func run() async throws {
        try CadenceService.backup(dataDirectory: data.directory, to: file)
        print("cadence: backed up \(data.directory) to \(file)")
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup FILE into an empty data folder.")
    @Argument(help: "The backup file.") var file: String
    @OptionGroup var data: DataOption

    func run() async throws {
        try CadenceService.restore(from: file, into: data.directory)
        print("cadence: restored \(file) into \(data.directory)")
    }
}

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract:
            "Sync connectors: keep a Cadence calendar in step with a remote CalDAV collection.",
        subcommands: [Add.self, Edit.self, List.self, Run.self, Status.self, Remove.self])

    /// `--data`, `--trust-ca`, and the connector administration they open.
    struct Options: ParsableArguments {
        @OptionGroup var data: DataOption
        @Option(
            name: .customLong("trust-ca"),
            help: "PEM file of CA certificates to trust for the remote (CADENCE_SYNC_CA_FILE).")
        var trustedCAFile: String?

        func administration() async throws -> ConnectorAdministration {
            let environment = ProcessInfo.processInfo.environment
            guard
                let administration = ConnectorAdministration(
                    store: try await data.store(),
                    dataDirectory: data.directory, environment: environment,
                    trustedCAFile: trustedCAFile ?? environment["CADENCE_SYNC_CA_FILE"])
            else { throw ValidationError("this storage engine has no sync connectors") }
            return administration
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a connector from USER's CALENDAR to the remote collection URL.")
        @Argument var user: String
        @Argument var calendar: String
        @Argument var url: String
        @Option(name: .customLong("user"), help: "The remote user name.") var remoteUser: String
        @Option(
            name: .customLong("password-file"),
            help: "A file holding the remote (app) password; `-` reads standard input.")
        var passwordFile: String
        @Option(help: "two-way (default), push-only or pull-only.") var direction = "two-way"
        @Option(help: "newest-wins (default), local-wins or remote-wins.") var policy =
            "newest-wins"
        @Option(help: "Seconds between syncs (default 60).") var interval: Int64 = 60
        @Option(
            name: .customLong("ca-file"),
            help: "PEM file of CA certificates trusted for this remote only.")
        var caFile: String?
        @OptionGroup var options: Options

        func run() async throws {
            let password = try SyncCommand.readPassword(passwordFile)
            let administration = try await options.administration()
            let id = try await administration.add(
                user: user, calendar: calendar, url: url, remoteUser: remoteUser,
                password: password, direction: direction, policy: policy, interval: interval,
                trustedCAFile: caFile)
            await administration.shutdown()
            print("connector \(id) added")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List connectors.")
        @OptionGroup var options: Options

        func run() async throws {
            let administration = try await options.administration()
            let lines = try await administration.listLines()
            await administration.shutdown()
            for line in lines { print(line) }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync one connector (or all) now.")
        @Argument var id: Int64?
        @OptionGroup var options: Options

        func run() async throws {
            let administration = try await options.administration()
            let lines = try await administration.run(id: id)
            await administration.shutdown()
            for line in lines { print(line) }
            if lines.contains(where: { $0.contains(": failed: ") }) { throw ExitCode(1) }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show last sync, errors, counts and the sync log.")
        @Argument var id: Int64?
        @Option(help: "Log lines per connector (default 10).") var lines = 10
        @OptionGroup var options: Options

        func run() async throws {
            let administration = try await options.administration()
            let output = try await administration.statusLines(id: id, logLines: lines)
            await administration.shutdown()
            for line in output { print(line) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a connector with its state and log.")
        @Argument var id: Int64
        @OptionGroup var options: Options

        func run() async throws {
            let administration = try await options.administration()
            try await administration.remove(id: id)
            await administration.shutdown()
            print("connector \(id) removed")
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write each of a user's calendars to DIR/<calendar>.ics (address books as .vcf once CardDAV exists; there are none yet)."
    )
    @Option(help: "The user whose calendars are written.") var user: String
    @Argument(help: "The folder to write into (created if missing).") var directory: String
    @OptionGroup var data: DataOption

    func run() async throws {
        let transfer = CalendarTransfer(
            store: try await data.store())
        for line in try await transfer.export(user: user, to: directory) { print(line) }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import an .ics file into a calendar, one object per UID, validated like a CalDAV PUT; reports what it skipped and why."
    )
    @Option(help: "The user who owns the calendar.") var user: String
    @Option(help: "The calendar's URI (e.g. crm-tasks).") var calendar: String
    @Flag(help: "Overwrite objects whose UID the calendar already has (default: skip them).")
    var replace = false
    @Argument(help: "The .ics file.") var file: String
    @OptionGroup var data: DataOption

    func run() async throws {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        let transfer = CalendarTransfer(
            store: try await data.store())
        let report = try await transfer.importCalendar(
            bytes, user: user, calendar: calendar, replace: replace)
        for line in report.lines { print(line) }
    }
}
