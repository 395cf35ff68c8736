import CalDAV
import CardDAV
import Foundation
import Groupware
import Hummingbird
import Logging
import ServiceLifecycle
import Storage
import SyncConnector
import WebDAV

/// The DAV engine: every method, property provider and report the server answers, in one list.
/// `observeSyncCollection` is told of each `sync-collection` REPORT (`true`: initial).
public func makeDAVEngine(
    configuration: Configuration,
    observeSyncCollection: (@Sendable (_ initial: Bool) -> Void)? = nil
) -> DAVServer {
    var engine = DAVServer(
        methods: [
            OptionsMethod(), PropFindMethod(), PropPatchMethod(), GetMethod(),
            GetMethod(headOnly: true),
            PutMethod(), DeleteMethod(), MkcolMethod(), MkcalendarMethod(),
            TransferMethod(move: false),
            TransferMethod(move: true), ReportMethod(), SharePostMethod(),
        ],
        providers: [
            WebDAVPropertyProvider(principalCollections: [CadencePaths.userPrincipalsPath]),
            CalDAVPropertyProvider(),
            CardDAVPropertyProvider(),
            SharingPropertyProvider(),
            NotificationPropertyProvider(),
            CalendarProxyPropertyProvider(),
        ],
        reports: [
            SyncCollectionReport(observe: observeSyncCollection), CalendarQueryReport(),
            CalendarMultigetReport(),
            FreeBusyQueryReport(),
            AddressBookQueryReport(), AddressBookMultigetReport(),
            PrincipalPropertySearchReport(), PrincipalSearchPropertySetReport(),
            ExpandPropertyReport(),
        ],
        complianceClasses:
            "1, 3, access-control, calendar-access, addressbook, extended-mkcol, calendarserver-sharing, calendar-proxy",
        maximumXMLBodySize: configuration.maximumXMLBodySize)
    engine.exposesErrorDetails = configuration.debug
    return engine
}

/// The composition root: the Hummingbird application for a configuration and a store. Tests call
/// it too (`app.test(.router)`).
public func buildApplication(
    configuration: Configuration, store: any CadenceStore, logger: Logger? = nil
) -> some ApplicationProtocol {
    let router = Router(context: CadenceRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    let metrics = ServerMetrics()
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    if (store as? any ReplicaReading)?.hasReplicas == true {
        router.add(middleware: ReadRoutingMiddleware())
    }
    let verifier = CredentialVerifier(
        store: store, cacheSeconds: configuration.credentialCacheSeconds)
    // Outermost first: security headers on every answer, CORS before authentication, the
    // credential-free subscription links before the DAV engine's authentication.
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: CORSMiddleware(origins: Set(configuration.corsOrigins)))
    router.add(
        middleware: SubscriptionMiddleware(
            store: store, ttlSeconds: configuration.subscriptionTTLSeconds))
    let syncLog = SyncLogRecorder(store: store)
    let signIn = SignInGuard(
        store: store, verifier: verifier,
        policy: .init(delay: configuration.signInDelaySeconds), clock: .system)
    // Several instances on one database share the per-user count (`ClusterLocking` stores).
    let rateLimiter = configuration.rateLimit.map {
        RequestRateLimiter(rate: $0, shared: store is any ClusterLocking ? store : nil)
    }
    // WebDAV-Push (issue 11): its properties join the engine, its requests the middleware.
    let push = PushComponents.make(
        configuration: configuration, store: store, metrics: metrics,
        logger: logger ?? Logger(label: "cadence"))
    var engine = makeDAVEngine(
        configuration: configuration,
        observeSyncCollection: { [metrics] in metrics.recordSyncCollection(initial: $0) })
    if let push {
        engine.providers.append(PushPropertyProvider(keys: push.keys))
        engine.complianceClasses += ", webdav-push"
    }
    let davMiddleware = DAVMiddleware<CadenceRequestContext>(
        engine: engine,
        store: store, signIn: signIn, rateLimiter: rateLimiter, configuration: configuration,
        syncLog: syncLog, push: push?.endpoint)
    router.add(middleware: davMiddleware)
    let connectorStore = store as? any ConnectorBackingStore
    let syncRunner = connectorStore.map {
        SyncRunner(
            store: $0, dataDirectory: configuration.dataDirectory,
            environment: ProcessInfo.processInfo.environment,
            trustedCAFile: configuration.syncTrustedCAFile,
            observer: { [metrics] in metrics.recordConnectorRun($0, $1) })
    }
    var api = CRMAPI(
        store: store,
        administration: Administration(store: store, bcryptCost: configuration.bcryptCost),
        publicBaseURL: configuration.publicBaseURL, syncLog: syncLog)
    if let connectorStore, let syncRunner {
        api.connectors = ConnectorAdministration(store: connectorStore, runner: syncRunner)
    }
    let apiRouter = APIRouter(
        store: store, signIn: signIn, trustProxy: configuration.trustProxy,
        rateLimiter: rateLimiter, syncLog: syncLog, debug: configuration.debug)
    apiRouter.register(api.routes, on: router)
    // The web application (issue 12), on the JSON API's handlers.
    WebApp(
        api: api, apiRouter: apiRouter, signIn: signIn,
        sessions: WebSessions(dataDirectory: configuration.dataDirectory), metrics: metrics,
        trustProxy: configuration.trustProxy
    ).register(on: router)
    HealthRoutes(store: store).register(on: router)
    MetricsRoute(
        metrics: metrics, store: store, token: configuration.metricsToken,
        dataDirectory: configuration.dataDirectory
    ).register(on: router)
    router.get("/") { request, _ -> Response in
        // Browsers go to the web application; other clients read one line.
        if request.headers[.accept]?.lowercased().contains("text/html") == true {
            return Response(status: .seeOther, headers: [.location: "/web/"])
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(
                byteBuffer: ByteBuffer(
                    string:
                        "Cadence: a CRM task and contact server speaking CalDAV. Calendars live at /caldav/.\n"
                )))
    }
    let logger = logger ?? Logger(label: "cadence")
    let cleanup = TrashCleanupService(
        store: store, retentionSeconds: Int64(configuration.trashRetentionDays) * 86_400,
        interval: 3_600, logger: logger, metrics: metrics)
    var services: [any Service] = [
        cleanup,
        SyncLogService(
            recorder: syncLog, store: store,
            retentionSeconds: Int64(configuration.syncLogRetentionDays) * 86_400,
            flushInterval: 1, purgeInterval: 3_600, logger: logger, metrics: metrics),
        ChangeLogRetentionService(
            store: store, retentionSeconds: Int64(configuration.syncTokenRetentionDays) * 86_400,
            interval: 3_600, logger: logger, metrics: metrics),
    ]
    if let port = configuration.metricsPort {
        // A second listener on the same host, serving only /metrics (issue 7): an Application
        // is a Service, so it runs and shuts down with this one.
        let metricsRouter = Router()
        MetricsRoute(
            metrics: metrics, store: store, token: nil,
            dataDirectory: configuration.dataDirectory
        ).registerWithoutToken(on: metricsRouter)
        services.append(
            Application(
                router: metricsRouter,
                configuration: .init(
                    address: .hostname(configuration.host, port: port),
                    serverName: "Cadence metrics"),
                logger: logger))
    }
    if let push { services.append(push.service) }
    if let feed = store as? any ChangeFeed {
        // Several instances on one database: another instance's writes invalidate this one's
        // remembered storage use (issue 9).
        services.append(
            ChangeFeedService(feed: feed, usage: davMiddleware.usage, logger: logger))
    }
    if let connectorStore, let syncRunner {
        // Also without background runs: the service shuts the runner's HTTP clients down.
        services.append(
            ConnectorSyncService(
                store: connectorStore, runner: syncRunner, pollInterval: 2, logger: logger,
                runsDueConnectors: configuration.runsConnectorsInBackground))
    }
    return Application(
        router: router,
        server: configuration.readsOnEventLoops ? .loopPreferringHTTP1() : .http1(),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Cadence"),
        services: services,
        logger: logger)
}
