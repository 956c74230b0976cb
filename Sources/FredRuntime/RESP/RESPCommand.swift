import NIOCore

/// A command ready to send: its arguments already encoded as RESP bulk strings, plus the static
/// description of the command (flags, keys, routing, mock handler) from `commands.yaml`.
///
/// Generated code builds these (`RESPCommand.set("k", "v", expiration: .px(1000))`); custom commands
/// can be built by hand with ``init(_:)`` and the `append` methods.
public struct RESPCommand: Sendable {
    /// What `commands.yaml` says about this command.
    public let info: RedisCommandInfo
    /// The encoded arguments, command name words first, without the array header.
    public private(set) var body: ByteBuffer
    /// How many bulk strings ``body`` holds.
    public private(set) var argumentCount: Int
    /// Whether the command blocks the connection it runs on, so that the client gives it a
    /// connection of its own: a command with the `blocking` flag, or, when its semantics name a
    /// ``RedisCommandSemantics/blockingToken``, one that carries that token (`XREAD` without
    /// `BLOCK` answers at once and runs on the shared connection).
    public private(set) var blocks: Bool
    /// Whether each argument must be compared with the blocking token.
    private let watchesBlockingToken: Bool
    /// How long the server may block before answering, in milliseconds; -1 when not known.
    private var blockingMilliseconds: Int64 = -1
    /// The hash slot of the keys appended with ``appendKey(_:)``, computed while encoding, so that
    /// a cluster client routes the command without reading it back.
    public private(set) var keySlot: RedisKeySlot

    /// Starts a command whose first arguments are the words of its name (`CLIENT`, `KILL`).
    public init(_ info: RedisCommandInfo) {
        self.info = info
        self.body = ByteBuffer()
        self.body.reserveCapacity(64)
        self.argumentCount = 0
        self.watchesBlockingToken = info.flags.contains(.blocking) && info.semantics.blockingToken != nil
        self.blocks = info.flags.contains(.blocking) && !watchesBlockingToken
        self.keySlot = info.keySpecs.isEmpty ? .keyless : .untracked
        for word in info.words {
            appendToken(word)
        }
    }

    /// Appends one argument as a bulk string.
    public mutating func append(_ argument: some RESPBulkStringEncodable) {
        let start = body.writerIndex
        argument.encodeBulkString(into: &body)
        argumentCount += 1
        if watchesBlockingToken { noteBlockingToken(from: start) }
    }

    /// How long the server may keep a blocking command waiting before it answers (its timeout
    /// argument), zero for ever; nil when not known. A client extends the command's deadline
    /// (``RedisConfig/commandTimeout``) by it.
    public var blockingTimeout: Duration? {
        blockingMilliseconds < 0 ? nil : .milliseconds(blockingMilliseconds)
    }

    /// Records the timeout argument of a blocking command, in seconds (`BLPOP … 2.5`). A negative,
    /// infinite or NaN value, which the server refuses, records nothing.
    public mutating func setBlockingTimeout(seconds: Double) {
        guard seconds.isFinite, seconds >= 0 else { return }
        blockingMilliseconds = Int64((min(seconds, 1e12) * 1000).rounded(.up))
    }

    /// Records the timeout argument of a blocking command, in milliseconds (`XREAD BLOCK 500`).
    public mutating func setBlockingTimeout(milliseconds: Int) {
        guard milliseconds >= 0 else { return }
        blockingMilliseconds = Int64(milliseconds)
    }

    /// Appends one key as a bulk string and folds its hash slot into ``keySlot``.
    ///
    /// Generated builders append every key of a command this way; a command built by hand with
    /// ``append(_:)`` only keeps ``RedisKeySlot/untracked``, and a cluster client finds its keys
    /// from the key specs instead.
    public mutating func appendKey(_ key: some RESPBulkStringEncodable) {
        let start = body.writerIndex
        key.encodeBulkString(into: &body)
        argumentCount += 1
        let offset = start - body.readerIndex
        let slot = body.withUnsafeReadableBytes { bytes in
            RedisHashSlot.slotOfBulkString(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
        switch keySlot {
        case .untracked, .keyless: keySlot = .slot(slot)
        case .slot(let known) where known != slot: keySlot = .crossSlot
        case .slot, .crossSlot: break
        }
    }

    /// Appends a literal token such as `EX` or `NX`.
    public mutating func appendToken(_ token: StaticString) {
        let start = body.writerIndex
        body.writeRESPBulkString(token)
        argumentCount += 1
        if watchesBlockingToken { noteBlockingToken(from: start) }
    }

    /// Marks the command as blocking when the bulk string written from `start` is the blocking
    /// token (in any case, as the server reads it).
    private mutating func noteBlockingToken(from start: Int) {
        guard !blocks, let token = info.semantics.blockingToken else { return }
        let expected = Array("$\(token.utf8.count)\r\n\(token.uppercased())\r\n".utf8)
        guard body.writerIndex - start == expected.count, let written = body.getBytes(at: start, length: expected.count) else { return }
        blocks = zip(written, expected).allSatisfy { byte, wanted in
            byte == wanted || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) && byte - 32 == wanted
        }
    }

    /// Appends each element of `arguments`.
    public mutating func append<S: Sequence>(contentsOf arguments: S) where S.Element: RESPBulkStringEncodable {
        for argument in arguments { append(argument) }
    }

    /// The arguments decoded back to bytes, command name words included. Used by the mock engine
    /// and by tests; not on the network path.
    public var arguments: [[UInt8]] {
        var reader = body
        var result: [[UInt8]] = []
        result.reserveCapacity(argumentCount)
        for _ in 0..<argumentCount {
            // The body is written only by this type, so each element is `$<len>\r\n<bytes>\r\n`.
            guard reader.readInteger(as: UInt8.self) == UInt8(ascii: "$"),
                  let cr = reader.readableBytesView.firstIndex(of: UInt8(ascii: "\r")),
                  let lengthText = reader.readString(length: cr - reader.readerIndex),
                  let length = Int(lengthText)
            else { break }
            reader.moveReaderIndex(forwardBy: 2)
            guard let bytes = reader.readBytes(length: length) else { break }
            reader.moveReaderIndex(forwardBy: 2)
            result.append(bytes)
        }
        return result
    }

    /// Writes the whole command (array header and body) into `buffer`.
    public func write(into buffer: inout ByteBuffer) {
        writeHeader(into: &buffer)
        buffer.writeImmutableBuffer(body)
    }

    /// Writes the array header (`*<count>\r\n`) that goes before ``body``.
    public func writeHeader(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "*"))
        buffer.writeDecimal(argumentCount)
        buffer.writeCRLF()
    }
}

/// The hash slot of a command's keys, as its builder computed it.
public enum RedisKeySlot: Sendable, Hashable {
    /// The command has no keys.
    case keyless
    /// The keys were not appended with ``RESPCommand/appendKey(_:)``: read them from the key specs.
    case untracked
    /// Every key hashes to this slot.
    case slot(Int)
    /// The keys hash to more than one slot.
    case crossSlot
}

/// A value that can be sent as one RESP bulk string argument: every key, member, field and value
/// parameter of the generated commands takes one. `String`, `Substring`, `[UInt8]`, Foundation's
/// `Data`, `ByteBuffer`, ``RedisValue``, the integer types (as decimal text, except `UInt8`, whose
/// arrays are bytes) and `Double` and `Float` conform.
public protocol RESPBulkStringEncodable: Sendable {
    /// Writes `$<length>\r\n<bytes>\r\n`.
    func encodeBulkString(into buffer: inout ByteBuffer)
}

extension String: RESPBulkStringEncodable {
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        var copy = self
        copy.withUTF8 { buffer.writeRESPBulkString(UnsafeRawBufferPointer($0)) }
    }
}

extension Substring: RESPBulkStringEncodable {
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        String(self).encodeBulkString(into: &buffer)
    }
}

extension Array: RESPBulkStringEncodable where Element == UInt8 {
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        withUnsafeBytes { buffer.writeRESPBulkString($0) }
    }
}

extension ByteBuffer: RESPBulkStringEncodable {
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "$"))
        buffer.writeDecimal(readableBytes)
        buffer.writeCRLF()
        buffer.writeImmutableBuffer(self)
        buffer.writeCRLF()
    }
}

extension Int: RESPBulkStringEncodable {
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        withDecimalDigits(self) { buffer.writeRESPBulkString($0) }
    }
}

/// The other integer types send their decimal text, as `Int` does (`UInt8` is left out: an array
/// of it is bytes, and `[UInt8]` must not read as a list of numbers).
extension RESPBulkStringEncodable where Self: FixedWidthInteger {
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        if let value = Int(exactly: self) {
            value.encodeBulkString(into: &buffer)
        } else {
            String(self).encodeBulkString(into: &buffer)  // a UInt64 above Int.max
        }
    }
}

extension Int64: RESPBulkStringEncodable {}
extension Int32: RESPBulkStringEncodable {}
extension Int16: RESPBulkStringEncodable {}
extension Int8: RESPBulkStringEncodable {}
extension UInt: RESPBulkStringEncodable {}
extension UInt64: RESPBulkStringEncodable {}
extension UInt32: RESPBulkStringEncodable {}
extension UInt16: RESPBulkStringEncodable {}

extension Float: RESPBulkStringEncodable {
    /// Encodes the shortest text that reads back as the same float (`inf`/`-inf` for infinities).
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        isInfinite ? Double(self).encodeBulkString(into: &buffer) : "\(self)".encodeBulkString(into: &buffer)
    }
}

extension Double: RESPBulkStringEncodable {
    /// Encodes the shortest text that reads back as the same double (`inf`/`-inf` for infinities).
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        RESPValue.formatDouble(self).encodeBulkString(into: &buffer)
    }
}

extension ByteBuffer {
    mutating func writeCRLF() {
        writeInteger(UInt16(0x0D0A))
    }

    mutating func writeDecimal(_ value: Int) {
        withDecimalDigits(value) { writeBytes($0) }
    }

    mutating func writeRESPBulkString(_ bytes: UnsafeRawBufferPointer) {
        writeInteger(UInt8(ascii: "$"))
        writeDecimal(bytes.count)
        writeCRLF()
        writeBytes(bytes)
        writeCRLF()
    }

    mutating func writeRESPBulkString(_ token: StaticString) {
        token.withUTF8Buffer { writeRESPBulkString(UnsafeRawBufferPointer($0)) }
    }
}

/// Calls `body` with the decimal digits of `value`, formatted on the stack.
@discardableResult
func withDecimalDigits<R>(_ value: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    var magnitude = value.magnitude
    var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits and a sign
    return withUnsafeMutableBytes(of: &scratch) { bytes in
        var index = bytes.count
        repeat {
            index -= 1
            bytes[index] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            index -= 1
            bytes[index] = UInt8(ascii: "-")
        }
        return body(UnsafeRawBufferPointer(rebasing: bytes[index...]))
    }
}
