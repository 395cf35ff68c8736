import HTTPTypes
import Hummingbird

/// The address a request comes from, for counting failed sign-ins (issue 7): the socket peer, or,
/// with `--trust-proxy`, the last `X-Forwarded-For` entry (the address the trusted proxy saw;
/// entries before it are the client's own claims and may be forged).
enum ClientAddress {
    /// The client's address, or `nil` when neither source has one.
    static func of(_ request: Request, context: some RequestContext, trustProxy: Bool)
        -> String?
    {
        if trustProxy, let forwarded = forwarded(request.headers) { return forwarded }
        return (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress
    }

    /// The last entry of `X-Forwarded-For`, when it looks like an address (at most 64
    /// characters of hex digits, dots, colons, letters of zone ids).
    static func forwarded(_ headers: HTTPFields) -> String? {
        guard let name = HTTPField.Name("X-Forwarded-For") else { return nil }
        let values = headers[values: name]
        guard let last = values.last?.split(separator: ",").last else { return nil }
        let address = last.trimmingCharacters(in: .whitespaces)
        guard !address.isEmpty, address.utf8.count <= 64,
            address.utf8.allSatisfy({
                ($0 >= 0x30 && $0 <= 0x3A) || ($0 >= 0x41 && $0 <= 0x5A)
                    || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x25
            })
        else { return nil }
        return address
    }
}
