#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension RESPValue {
    /// Formats a double as a Redis 7.0 server writes it in a reply (`addReplyDouble`): `%.17g`
    /// (`0.10000000000000001`, `1e+20`), `inf` and `-inf`. The mock engine uses it for RESP2.
    public static func formatReplyDouble(_ value: Double) -> String {
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return cFormat("%.17g", value)
    }

    /// One double formatted with a C `printf` format (`%.17g`, `%.4f`, `%f`).
    public static func cFormat(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        var length = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        if length >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
            length = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        guard length > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
