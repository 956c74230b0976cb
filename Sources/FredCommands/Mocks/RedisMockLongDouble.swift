#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `long double` arithmetic a server uses for `HINCRBYFLOAT`: parsing with `strtold`
/// (`string2ld`) and formatting with `%.17Lf` minus trailing zeros (`ld2string`, human mode).
///
/// On x86-64 a C `long double` is the 80-bit extended type, so results such as `0.1 + 0.2` print
/// as `0.3` where a `Double` sum would not; elsewhere this falls back to `Double`.
enum RedisMockLongDouble {
    #if arch(x86_64) && !os(Windows) && !os(Android)
    typealias Value = Float80
    static let formatString = "%.17Lf"
    #else
    typealias Value = Double
    static let formatString = "%.17f"
    #endif

    /// `string2ld`: the whole string is a float (no leading space, no NaN, no overflow to
    /// infinity or underflow to zero); nil otherwise.
    static func parse(_ bytes: [UInt8]) -> Value? {
        guard !bytes.isEmpty, bytes.count < 5 * 1024 else { return nil }
        guard ![0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(bytes[0]) else { return nil }
        var text = bytes.map { CChar(bitPattern: $0) }
        text.append(0)
        return text.withUnsafeMutableBufferPointer { buffer -> Value? in
            guard let start = buffer.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            #if arch(x86_64) && !os(Windows) && !os(Android)
            let value = strtold(start, &end)
            #else
            let value = strtod(start, &end)
            #endif
            guard let end, end.pointee == 0, !value.isNaN else { return nil }
            if errno == ERANGE && (value.isInfinite || value == 0) { return nil }
            return value
        }
    }

    /// `ld2string(…, LD_STR_HUMAN)`: 17 decimals, trailing zeros (and a bare point) removed,
    /// `-0` written `0`.
    static func format(_ value: Value) -> String {
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        var buffer = [CChar](repeating: 0, count: 5 * 1024 + 32)
        let length = withVaList([value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { pointer in
                Int(vsnprintf(pointer.baseAddress, pointer.count, formatString, arguments))
            }
        }
        var digits = Array(buffer.prefix(max(0, min(length, buffer.count - 1))).map { UInt8(bitPattern: $0) })
        if digits.contains(UInt8(ascii: ".")) {
            while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            if digits.last == UInt8(ascii: ".") { digits.removeLast() }
        }
        if digits == Array("-0".utf8) { digits = Array("0".utf8) }
        return String(decoding: digits, as: UTF8.self)
    }
}
