import CZlib
import Foundation

/// The `gzip` content coding (RFC 9110 §8.4.1.3, RFC 1952) through the system zlib.
enum GzipEncoding {
    /// Whether an `Accept-Encoding` value (RFC 9110 §12.5.3) allows `gzip` (or `x-gzip`, or `*`)
    /// with a non-zero quality.
    static func accepts(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.lowercased().split(separator: ",") {
            let parts = item.split(separator: ";").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*"
            else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }
                .flatMap { Double($0.dropFirst(2)) }
            if (quality ?? 1) > 0 { return true }
        }
        return false
    }

    /// `bytes` as one gzip member (deflate, default level); `nil` if zlib fails.
    static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        guard
            deflateInit2_(
                &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        var input = bytes
        let written = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return -1 }
                return target.count - Int(stream.avail_out)
            }
        }
        guard written >= 0 else { return nil }
        output.removeSubrange(written...)
        return output
    }
}
