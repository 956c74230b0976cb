#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore

extension Data: RESPBulkStringEncodable {
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        withUnsafeBytes { buffer.writeRESPBulkString($0) }
    }
}

extension Data: RESPDecodable {
    /// The bytes of any string-like reply (an integer or double as its text).
    public init(fromRESP value: RESPValue) throws {
        let text = try RedisValue(fromRESP: value)
        self.init(text.buffer.readableBytesView)
    }
}

extension RedisValue {
    public init(_ data: Data) { self.init(ByteBuffer(bytes: data)) }

    /// The bytes as Foundation `Data`.
    public var data: Data { Data(buffer.readableBytesView) }
}
