import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// `X-Request-ID`, made once (a static stored property cannot live in the generic type).
private let requestIDHeader = HTTPField.Name("X-Request-ID")!

/// The state of `RequestIDMiddleware.random`.
private let requestIDState = Atomic<UInt64>(UInt64.random(in: .min ... .max))

/// Gives every request an id (issue 7): the incoming `X-Request-ID` when it is sane (1–64
/// characters of letters, digits, `-`, `_`, `.`), else 16 hex digits made here. The id is in the
/// logger metadata of every line logged for the request (`request_id`) and in the
/// `X-Request-ID` response header; one access line is logged per request.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// `X-Request-ID`.
    static var headerName: HTTPField.Name { requestIDHeader }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let id = Self.sane(request.headers[Self.headerName]) ?? Self.random()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.headerName] = id
        let elapsed = ContinuousClock.now - start
        let milliseconds =
            Double(elapsed.components.seconds) * 1_000
            + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                // Texts, not `.stringConvertible`: the handler would describe them through an
                // existential for every request's line.
                "status": .string(String(response.status.code)),
                "ms": .string(((milliseconds * 10).rounded() / 10).description),
            ])
        return response
    }

    /// The incoming id when it is 1–64 characters of `A-Z a-z 0-9 - _ .`.
    static func sane(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 64,
            value.utf8.allSatisfy({
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A)
                    || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
            })
        else { return nil }
        return value
    }

    /// 16 hex digits, unique in the process and not guessable from another process's: the
    /// SplitMix64 finaliser (a bijection) of a random start plus a counter. One random draw per
    /// process instead of a `getrandom` system call per request.
    static func random() -> String {
        var value = requestIDState.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0x30, count: 16)
        for index in 0..<16 {
            text[15 - index] = digits[Int(value >> (4 * UInt64(index)) & 0xF)]
        }
        return String(decoding: text, as: UTF8.self)
    }
}
