import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import NIOCore
import Storage

/// The web application (issue 12): server-rendered pages under `/web` for the CRM (contacts,
/// tasks, a week view), calendars and devices, connectors and administration.
///
/// Every page reads and writes through the JSON API's own handlers (`CRMAPI.routes`, run by
/// `APIRouter.perform`): the same validation, business rules, sync log and error translation,
/// so nothing is decided twice. Pages need a signed-in session (`WebSessions`); every POST
/// carries the session's CSRF token. Templates are Mustache (`WebTemplates`), rendered with
/// HTML escaping; the few lines of JavaScript only improve pages that work without them.
struct WebApp: Sendable {
    /// The path prefix of every page.
    static let prefix = "/web"
    /// The largest form body, in octets.
    static let maximumFormSize = 64 << 10

    let store: any CadenceStore
    let apiRouter: APIRouter
    let signIn: SignInGuard
    let sessions: WebSessions
    let administration: Administration
    let metrics: ServerMetrics
    let trustProxy: Bool
    let publicBaseURL: String?
    /// The JSON API's routes by operation id.
    let routes: [String: APIRoute]
    let library: MustacheLibrary
    let startedAt = Date()

    init(
        api: CRMAPI, apiRouter: APIRouter, signIn: SignInGuard, sessions: WebSessions,
        metrics: ServerMetrics, trustProxy: Bool
    ) {
        store = api.store
        self.apiRouter = apiRouter
        self.signIn = signIn
        self.sessions = sessions
        administration = api.administration
        self.metrics = metrics
        self.trustProxy = trustProxy
        publicBaseURL = api.publicBaseURL
        var routes: [String: APIRoute] = [:]
        for route in api.routes { routes[route.operationID] = route }
        self.routes = routes
        library = WebTemplates.library
    }

    // MARK: Registration

    func register(on router: Router<CadenceRequestContext>) {
        router.get("/web/static/app.css") { _, _ in
            Self.asset(WebAssets.css, type: "text/css; charset=utf-8")
        }
        router.get("/web/static/app.js") { _, _ in
            Self.asset(WebAssets.javascript, type: "text/javascript; charset=utf-8")
        }
        router.get("/web") { _, _ in Self.redirect("/web/tasks") }
        router.get("/web/signin") { request, context in await signInPage(request, context) }
        router.post("/web/signin") { request, context in await signInSubmit(request, context) }
        page(router, .post, "/web/signout") { call in
            .redirect("/web/signin", notice: nil, clearSession: true)
        }
        page(router, .post, "/web/signout-everywhere") { call in
            await sessions.signOutEverywhere(userID: call.user.id)
            return .redirect("/web/signin", notice: nil, clearSession: true)
        }
        registerContacts(router)
        registerTasks(router)
        registerCalendars(router)
        registerAdmin(router)
    }

    /// Registers a page handler: session, CSRF (POST), the admin check, rendering.
    func page(
        _ router: Router<CadenceRequestContext>, _ method: HTTPRequest.Method, _ path: String,
        admin: Bool = false, _ body: @escaping @Sendable (WebCall) async throws -> WebResult
    ) {
        router.on(RouterPath(path), method: method) { request, context in
            await respond(request, context, admin: admin, body)
        }
    }

    // MARK: The request cycle

    func respond(
        _ request: Request, _ context: CadenceRequestContext, admin: Bool,
        _ body: @Sendable (WebCall) async throws -> WebResult
    ) async -> Response {
        let cookies = Self.cookies(request.headers)
        guard let cookie = cookies[WebSessions.cookieName],
            let session = await sessions.verify(cookie, store: store)
        else {
            if request.method == .get {
                let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Self.redirect("/web/signin?next=" + CRMAPI.encode(next))
            }
            return Self.redirect("/web/signin")
        }
        let csrf = await sessions.csrfToken(nonce: session.nonce)
        var call = WebCall(
            session: session, csrf: csrf, path: request.uri.path,
            query: APIRequest.parseQuery(request.uri.query), form: [],
            headers: request.headers, parameters: [:], logger: context.logger,
            secure: isSecure(request))
        for (name, value) in context.parameters {
            let raw = String(value)
            call.parameters[String(name)] = raw.removingPercentEncoding ?? raw
        }
        call.notice = cookies["cadence_notice"].flatMap { $0.removingPercentEncoding }
        if request.method == .post {
            switch await Self.readForm(request) {
            case .success(let form): call.form = form
            case .failure(let failure):
                return render(.error(failure.status, failure.message), call)
            }
            guard let token = call.formValue("_csrf"),
                await sessions.checkCSRF(token, nonce: session.nonce)
            else {
                return render(
                    .error(
                        .forbidden,
                        "This form has expired or did not come from this site. Reload the page and try again."
                    ), call)
            }
        }
        if admin, !session.user.isAdmin {
            return render(.error(.forbidden, "Only administrators see this page."), call)
        }
        do {
            return render(try await body(call), call)
        } catch let failure as WebFailure {
            return render(.error(failure.status, failure.message), call)
        } catch {
            context.logger.error("web \(request.method) \(request.uri.path): \(error)")
            return render(.error(.internalServerError, "Something went wrong."), call)
        }
    }

    /// The answer for a handler's result.
    func render(_ result: WebResult, _ call: WebCall) -> Response {
        var headers: HTTPFields = [:]
        if call.notice != nil {
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: "cadence_notice=; Path=/web; Max-Age=0; HttpOnly; SameSite=Lax"))
        }
        switch result {
        case .redirect(let location, let notice, let clearSession):
            headers[.location] = location
            if let notice {
                headers[values: .setCookie] = [
                    "cadence_notice=\(CRMAPI.encode(notice)); Path=/web; Max-Age=60; HttpOnly; SameSite=Lax"
                        + (call.secure ? "; Secure" : "")
                ]
            }
            if clearSession {
                headers.append(
                    HTTPField(
                        name: .setCookie,
                        value:
                            "\(WebSessions.cookieName)=; Path=/web; Max-Age=0; HttpOnly; SameSite=Lax"
                    ))
            }
            return Response(status: .seeOther, headers: headers)
        case .page(let status, let template, let title, let data):
            var values = data
            values["pageTitle"] = title
            values["csrf"] = call.csrf
            values["notice"] = call.notice
            values["user"] =
                [
                    "name": call.user.name,
                    "displayName": call.user.displayName.isEmpty
                        ? call.user.name : call.user.displayName,
                    "isAdmin": call.user.isAdmin,
                ] as [String: Any]
            values[
                "nav" + (template.first.map { String($0).uppercased() } ?? "")
                    + template.dropFirst()] = true
            let html = library.render(values, withTemplate: template) ?? ""
            return Self.html(html, status: status, headers: headers)
        }
    }

    // MARK: Calling the JSON API

    /// Runs the JSON API operation `operationID` as `call`'s user: its answer's status and its
    /// body as JSON (`nil` when empty).
    func api(
        _ operationID: String, _ call: WebCall, parameters: [String: String] = [:],
        query: [(String, String)] = [], body: JSONValue? = nil
    ) async -> (status: HTTPResponse.Status, json: JSONValue?) {
        guard let route = routes[operationID] else {
            return (.internalServerError, nil)
        }
        var path = APIRouter.prefix + route.path
        for (name, value) in parameters {
            path = path.replacingOccurrences(of: "{\(name)}", with: CRMAPI.encode(value))
        }
        var headers = call.headers
        headers[.contentType] = body == nil ? nil : "application/json"
        headers[.ifMatch] = nil
        let request = APIRequest(
            user: call.user, path: path, parameters: parameters,
            query: query.map { APIRequest.QueryItem(name: $0.0, value: $0.1) }, headers: headers,
            body: body?.encoded() ?? [])
        let answer = await apiRouter.perform(route, request, client: "web", logger: call.logger)
        let json = answer.body.isEmpty ? nil : try? JSONValue.parse(answer.body)
        return (answer.status, json)
    }

    /// Like `api`, for reads that must succeed: a problem becomes the error page.
    func read(
        _ operationID: String, _ call: WebCall, parameters: [String: String] = [:],
        query: [(String, String)] = []
    ) async throws(WebFailure) -> JSONValue {
        let answer = await api(operationID, call, parameters: parameters, query: query)
        guard answer.status.kind == .successful else {
            throw WebFailure(answer.status, Self.problemText(answer.json))
        }
        return answer.json ?? .null
    }

    /// A problem's text for people: its detail, or its field errors.
    static func problemText(_ json: JSONValue?) -> String {
        if case .array(let errors)? = json?["errors"], !errors.isEmpty {
            return errors.compactMap { error -> String? in
                guard case .string(let field)? = error["field"],
                    case .string(let message)? = error["message"]
                else { return nil }
                return "\(field): \(message)"
            }.joined(separator: "; ")
        }
        if case .string(let detail)? = json?["detail"] { return detail }
        return "The request failed."
    }

    /// The field errors of a problem, by field name.
    static func fieldErrors(_ json: JSONValue?) -> [String: String] {
        var errors: [String: String] = [:]
        if case .array(let items)? = json?["errors"] {
            for item in items {
                if case .string(let field)? = item["field"],
                    case .string(let message)? = item["message"]
                {
                    errors[field] = message
                }
            }
        }
        return errors
    }

    /// A JSON value as template data: objects as dictionaries, arrays as arrays, `null` and
    /// empty text as nothing (so a section over it does not render).
    static func templateValue(_ json: JSONValue) -> Any? {
        switch json {
        case .null: return nil
        case .bool(let value): return value
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { return Int64(value) }
            return value
        case .string(let value): return value.isEmpty ? nil : value
        case .array(let values): return values.compactMap(templateValue)
        case .object(let members):
            var dictionary: [String: Any] = [:]
            for member in members {
                if let value = templateValue(member.value) { dictionary[member.key] = value }
            }
            return dictionary
        }
    }

    /// The `items` of a listing as template dictionaries.
    static func items(_ json: JSONValue) -> [[String: Any]] {
        guard case .array(let values)? = json["items"] else { return [] }
        return values.compactMap { templateValue($0) as? [String: Any] }
    }

    // MARK: Sign-in

    func signInPage(_ request: Request, _ context: CadenceRequestContext) async -> Response {
        let cookies = Self.cookies(request.headers)
        if let cookie = cookies[WebSessions.cookieName],
            await sessions.verify(cookie, store: store) != nil
        {
            return Self.redirect("/web/tasks")
        }
        let query = APIRequest.parseQuery(request.uri.query)
        let next = Self.safeNext(query.last { $0.name == "next" }?.value)
        return await signInForm(
            request, cookies: cookies, next: next, name: "", error: nil, status: .ok)
    }

    private func signInForm(
        _ request: Request, cookies: [String: String], next: String, name: String,
        error: String?, status: HTTPResponse.Status, retryAfter: Int? = nil
    ) async -> Response {
        var headers: HTTPFields = [:]
        var nonce = cookies[WebSessions.preSessionCookieName] ?? ""
        if nonce.utf8.count != 32 || WebSessions.bytes(hex: nonce) == nil {
            nonce = WebSessions.randomHex(16)
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: "\(WebSessions.preSessionCookieName)=\(nonce); Path=/web; HttpOnly; "
                        + "SameSite=Lax" + (isSecure(request) ? "; Secure" : "")))
        }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let values: [String: Any?] = [
            "pageTitle": "Sign in", "csrf": await sessions.csrfToken(nonce: nonce), "next": next,
            "name": name, "error": error,
        ]
        let html = library.render(values.compactMapValues { $0 }, withTemplate: "signin") ?? ""
        return Self.html(html, status: status, headers: headers)
    }

    func signInSubmit(_ request: Request, _ context: CadenceRequestContext) async -> Response {
        let cookies = Self.cookies(request.headers)
        let form: [APIRequest.QueryItem]
        switch await Self.readForm(request) {
        case .success(let items): form = items
        case .failure(let failure):
            return Self.html(failure.message, status: failure.status, headers: [:])
        }
        func value(_ name: String) -> String { form.last { $0.name == name }?.value ?? "" }
        let next = Self.safeNext(value("next"))
        let name = value("name")
        guard let nonce = cookies[WebSessions.preSessionCookieName],
            await sessions.checkCSRF(value("_csrf"), nonce: nonce)
        else {
            return await signInForm(
                request, cookies: [:], next: next, name: name,
                error: "The sign-in form expired. Please try again.", status: .forbidden)
        }
        let address = ClientAddress.of(request, context: context, trustProxy: trustProxy)
        switch await signIn.signIn(name: name, password: value("password"), address: address) {
        case .signedIn(let user):
            let session = await sessions.issue(for: user)
            var headers: HTTPFields = [.location: next]
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: "\(WebSessions.cookieName)=\(session); Path=/web; "
                        + "Max-Age=\(WebSessions.lifetime); HttpOnly; SameSite=Lax"
                        + (isSecure(request) ? "; Secure" : "")))
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: "\(WebSessions.preSessionCookieName)=; Path=/web; Max-Age=0; "
                        + "HttpOnly; SameSite=Lax"))
            return Response(status: .seeOther, headers: headers)
        case .failed:
            return await signInForm(
                request, cookies: cookies, next: next, name: name,
                error: "The user name or password is wrong.", status: .unauthorized)
        case .blocked(let seconds):
            return await signInForm(
                request, cookies: cookies, next: next, name: name,
                error: "Too many failed sign-ins. Try again in \(seconds) seconds.",
                status: .tooManyRequests, retryAfter: seconds)
        }
    }

    /// A path below `/web/` to go to after sign-in; anything else is the task list.
    static func safeNext(_ text: String?) -> String {
        guard let text, text.hasPrefix("/web/"), !text.hasPrefix("//"), !text.contains("\\"),
            !text.contains("\r"), !text.contains("\n")
        else { return "/web/tasks" }
        return text
    }

    // MARK: HTTP helpers

    /// Whether the browser talks to us over TLS: a `https` public URL, or a trusted proxy's
    /// `X-Forwarded-Proto: https`.
    func isSecure(_ request: Request) -> Bool {
        if let publicBaseURL, publicBaseURL.lowercased().hasPrefix("https://") { return true }
        if trustProxy, let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!],
            proto.lowercased() == "https"
        {
            return true
        }
        return false
    }

    /// The cookies of a request by name (the first of a repeated name).
    static func cookies(_ headers: HTTPFields) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                if cookies[name] == nil {
                    cookies[name] = parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return cookies
    }

    /// A form body (`application/x-www-form-urlencoded`, at most `maximumFormSize` octets).
    static func readForm(_ request: Request) async -> Result<[APIRequest.QueryItem], WebFailure> {
        if let length = request.headers[.contentLength].flatMap(Int.init),
            length > maximumFormSize
        {
            return .failure(WebFailure(.contentTooLarge, "The form is too large."))
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            return .failure(WebFailure(.unsupportedMediaType, "Send the page's form."))
        }
        do {
            let buffer = try await request.body.collect(upTo: maximumFormSize)
            return .success(APIRequest.parseQuery(String(buffer: buffer)))
        } catch {
            return .failure(WebFailure(.contentTooLarge, "The form is too large."))
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The pages' policy: only this origin's stylesheet and script, no framing.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// One page request of a signed-in user.
struct WebCall: Sendable {
    var session: WebSessions.Session
    var user: UserRecord { session.user }
    /// The CSRF token for the page's forms.
    var csrf: String
    var path: String
    var query: [APIRequest.QueryItem]
    /// The form fields of a POST.
    var form: [APIRequest.QueryItem]
    var headers: HTTPFields
    var parameters: [String: String]
    var logger: Logger
    /// Whether cookies get `Secure`.
    var secure: Bool
    /// The one-time notice of the previous action.
    var notice: String? = nil

    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The last value of a query parameter, `nil` when absent or empty.
    func queryValue(_ name: String) -> String? {
        query.last { $0.name == name }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The last value of a form field, `nil` when absent.
    func formValue(_ name: String) -> String? { form.last { $0.name == name }?.value }

    /// A form field trimmed, `""` when absent.
    func field(_ name: String) -> String {
        formValue(name)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// The URL of this server as the browser sees it (for CalDAV URLs and links).
    func baseURL(_ configured: String?) -> String {
        if let configured, !configured.isEmpty {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        let host = headers[HTTPField.Name("Host")!] ?? "localhost"
        return (secure ? "https://" : "http://") + host
    }
}

/// What a page handler answers.
enum WebResult {
    /// A rendered template with its title and data.
    case page(status: HTTPResponse.Status, template: String, title: String, data: [String: Any])
    /// `303 See Other`, with an optional one-time notice for the next page.
    case redirect(String, notice: String?, clearSession: Bool)

    static func page(_ template: String, _ title: String, _ data: [String: Any]) -> WebResult {
        .page(status: .ok, template: template, title: title, data: data)
    }

    static func redirect(_ location: String, notice: String? = nil) -> WebResult {
        .redirect(location, notice: notice, clearSession: false)
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> WebResult {
        .page(
            status: status, template: "error", title: status.reasonPhrase,
            data: ["message": message, "code": Int(status.code)])
    }
}

/// A page that cannot be shown: its status and a sentence for people.
struct WebFailure: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}
