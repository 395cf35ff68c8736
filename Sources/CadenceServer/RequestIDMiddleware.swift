import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id (issue 7): the incoming `X-Request-ID` when it is sane (1–64
/// characters of letters, digits, `-`, `_`, `.`), else 16 random hex digits. The id is in the
/// logger metadata of every line logged for the request (`request_id`) and in the
/// `X-Request-ID` response header; one access line is logged per request.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// `X-Request-ID`.
    static var headerName: HTTPField.Name { HTTPField.Name("X-Request-ID")! }

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
                "status": .stringConvertible(response.status.code),
                "ms": .stringConvertible((milliseconds * 10).rounded() / 10),
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

    /// 16 random hex digits.
    static func random() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
