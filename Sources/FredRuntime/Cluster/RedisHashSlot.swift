/// The hash slot of a key in a Redis Cluster: CRC16 (XMODEM) of the key, or of its hash tag, modulo
/// 16,384 — the same number `CLUSTER KEYSLOT` gives.
///
/// The hash tag is what lies between the first `{` and the first `}` after it, when that is not
/// empty: `{user:1}:name` and `{user:1}:mail` share a slot.
public enum RedisHashSlot {
    /// The number of slots of a cluster.
    public static let count = 16_384

    /// The slot of `key` (its bytes, as sent).
    public static func slot(for key: some Collection<UInt8>) -> Int {
        let hashed = hashTag(of: key)
        return Int(crc16(hashed) & 0x3FFF)
    }

    /// The slot of `key`, as UTF-8.
    public static func slot(for key: String) -> Int {
        slot(for: Array(key.utf8))
    }

    /// The slot of the key encoded as `$<length>\r\n<bytes>\r\n` in `encoded`.
    static func slotOfBulkString(_ encoded: UnsafeRawBufferPointer) -> Int {
        guard let lineEnd = encoded.firstIndex(of: UInt8(ascii: "\n")) else { return 0 }
        let key = UnsafeRawBufferPointer(rebasing: encoded[(lineEnd + 1)..<(encoded.count - 2)])
        return slot(for: key)
    }

    /// The part of `key` that is hashed.
    static func hashTag<Key: Collection<UInt8>>(of key: Key) -> Key.SubSequence {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")) else { return key[...] }
        let afterOpen = key.index(after: open)
        guard let close = key[afterOpen...].firstIndex(of: UInt8(ascii: "}")), close != afterOpen else { return key[...] }
        return key[afterOpen..<close]
    }

    /// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, no reflection.
    static func crc16(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var value = UInt16(index) << 8
        for _ in 0..<8 {
            value = value & 0x8000 != 0 ? (value << 1) ^ 0x1021 : value << 1
        }
        return value
    }
}
