import FredRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if arch(x86_64) || arch(i386)
/// The C `long double` a Redis server computes `INCRBYFLOAT` and `HINCRBYFLOAT` in (80-bit here).
public typealias RedisMockLongDouble = Float80
#else
/// The C `long double` a Redis server computes `INCRBYFLOAT` and `HINCRBYFLOAT` in (a double here).
public typealias RedisMockLongDouble = Double
#endif

extension RedisMockNumbers {
    /// Parses a `long double` as a server does for `INCRBYFLOAT` (`strtold` over the whole
    /// argument, no leading space, no NaN, no overflow), or nil.
    public static func longDouble(_ bytes: [UInt8]) -> RedisMockLongDouble? {
        // A server copies the argument into a buffer of 5 KiB and parses it as a C string.
        guard !bytes.isEmpty, bytes.count < 5 * 1024 else { return nil }
        var text = bytes.map { CChar(bitPattern: $0) }
        text.append(0)
        return text.withUnsafeBufferPointer { buffer -> RedisMockLongDouble? in
            guard let start = buffer.baseAddress, isspace(Int32(start.pointee)) == 0 else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            #if arch(x86_64) || arch(i386)
            let value = strtold(start, &end)
            #else
            let value = strtod(start, &end)
            #endif
            let failed = errno
            // Every byte must be part of the number (a NUL inside ends a C string early).
            guard let end, end - UnsafeMutablePointer(mutating: start) == bytes.count, !value.isNaN, failed != EINVAL else { return nil }
            if failed == ERANGE && (value.isInfinite || value == 0) { return nil }
            return value
        }
    }

    /// Formats a `long double` as `INCRBYFLOAT` replies (`%.17Lf` without trailing zeros).
    public static func format(longDouble value: RedisMockLongDouble) -> String {
        var buffer = [CChar](repeating: 0, count: 5 * 1024)
        let written = buffer.withUnsafeMutableBufferPointer { pointer -> Int32 in
            #if arch(x86_64) || arch(i386)
            withVaList([value]) { vsnprintf(pointer.baseAddress, pointer.count, "%.17Lf", $0) }
            #else
            withVaList([value]) { vsnprintf(pointer.baseAddress, pointer.count, "%.17f", $0) }
            #endif
        }
        guard written > 0, Int(written) < buffer.count else { return String(describing: value) }
        var text = String(decoding: buffer[..<Int(written)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
