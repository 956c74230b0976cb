// Generated from sample.yaml by the Fred Generator — do not edit.
// Change the spec and rebuild (or run `swift package regenerate-commands`).

import FredRuntime

/// How long a key lives.
public enum Expiration: Sendable {
    /// Seconds.
    case ex(Int)
    /// `PXAT`
    case pxat(Int)
    /// Keep the current time to live.
    case keepTTL
}

extension Expiration {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .ex(let value):
            command.appendToken("EX")
            command.append(value)
        case .pxat(let value):
            command.appendToken("PXAT")
            command.append(value)
        case .keepTTL:
            command.appendToken("KEEPTTL")
        }
    }
}

public enum SetOptions: Sendable {
    /// `NX`
    case nx
    /// `XX`
    case xx
}

extension SetOptions {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .nx:
            command.appendToken("NX")
        case .xx:
            command.appendToken("XX")
        }
    }
}

/// A struct from a shared block.
public struct Page: Sendable {
    /// How many to skip.
    public var offset: Int
    /// `COUNT`
    public var count: Int?
    /// `FROM`
    public var member: (any RESPBulkStringEncodable)?

    public init(offset: Int, count: Int? = nil, member: (any RESPBulkStringEncodable)? = nil) {
        self.offset = offset
        self.count = count
        self.member = member
    }
}

extension Page {
    /// Appends these values, with their tokens, to `command`.
    public func encode(into command: inout RESPCommand) {
        command.append(offset)
        if let value1 = count {
            command.appendToken("COUNT")
            command.append(value1)
        }
        if let value2 = member {
            command.appendToken("FROM")
            command.append(value2)
        }
    }
}

public enum ClientKillFilter: Sendable {
    /// `ID`
    case id(Int)
    /// `SKIPME`
    case skipme(ClientKillFilterSkipme)
    case addr(ip: any RESPBulkStringEncodable, port: Int?)
}

extension ClientKillFilter {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .id(let value):
            command.appendToken("ID")
            command.append(value)
        case .skipme(let value):
            command.appendToken("SKIPME")
            value.encode(into: &command)
        case .addr(let ip, let port):
            command.appendToken("ADDR")
            command.append(ip)
            if let value1 = port {
                command.append(value1)
            }
        }
    }
}

public enum ClientKillFilterSkipme: Sendable {
    /// `YES`
    case yes
    /// `NO`
    case no
}

extension ClientKillFilterSkipme {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .yes:
            command.appendToken("YES")
        case .no:
            command.appendToken("NO")
        }
    }
}

public struct SortLimit: Sendable {
    public var offset: Int
    public var count: Int

    public init(offset: Int, count: Int) {
        self.offset = offset
        self.count = count
    }
}

extension SortLimit {
    /// Appends these values, with their tokens, to `command`.
    public func encode(into command: inout RESPCommand) {
        command.append(offset)
        command.append(count)
    }
}

/// A record read from a map (RESP3) or flat pairs (RESP2).
public struct SampleStreamInfo: Sendable, Hashable, RESPDecodable {
    /// `length`
    public var length: Int
    /// `last-generated-id`
    public var lastID: String
    /// Absent or null in an empty stream. (`first-entry`)
    public var firstEntry: RedisStreamEntry?

    public init(length: Int, lastID: String, firstEntry: RedisStreamEntry? = nil) {
        self.length = length
        self.lastID = lastID
        self.firstEntry = firstEntry
    }

    /// Reads the reply, in its RESP2 or RESP3 shape.
    public init(fromRESP frame: RESPValue) throws {
        let record = try RESPRecord(frame, shape: .map)
        self.length = try record.field("length", as: Int.self)
        self.lastID = try record.field("last-generated-id", as: String.self)
        self.firstEntry = try record.optionalField("first-entry", as: RedisStreamEntry.self)
    }
}

/// A record read by position.
public struct SampleLogEntry: Sendable, Hashable, RESPDecodable {
    public var id: Int
    public var arguments: [RedisValue]
    public var clientName: String?

    public init(id: Int, arguments: [RedisValue], clientName: String? = nil) {
        self.id = id
        self.arguments = arguments
        self.clientName = clientName
    }

    /// Reads the reply, in its RESP2 or RESP3 shape.
    public init(fromRESP frame: RESPValue) throws {
        let record = try RESPRecord(frame, shape: .array)
        self.id = try record.element(0, as: Int.self)
        self.arguments = try record.element(1, as: [RedisValue].self)
        self.clientName = try record.optionalElement(2, as: String.self)
    }
}

/// A two-field array record, which also reads from RESP2's flat pairs.
public struct SamplePair: Sendable, Hashable, RESPPairDecodable {
    public var member: RedisValue
    public var score: Double?

    public init(member: RedisValue, score: Double? = nil) {
        self.member = member
        self.score = score
    }

    /// Reads the reply, in its RESP2 or RESP3 shape.
    public init(fromRESP frame: RESPValue) throws {
        let record = try RESPRecord(frame, shape: .array)
        self.member = try record.element(0, as: RedisValue.self)
        self.score = try record.optionalElement(1, as: Double.self)
    }

    /// Reads the two halves of the pair.
    public init(first: RESPValue, second: RESPValue) throws {
        self.member = try RedisValue(fromRESP: first)
        self.score = try Double?(fromRESP: second)
    }
}

/// A record read from one line of key=value words.
public struct SampleClient: Sendable, Hashable, RESPLineRecord {
    /// `id`
    public var id: Int
    /// `db`
    public var database: Int

    public init(id: Int, database: Int) {
        self.id = id
        self.database = database
    }

    /// Reads the reply, in its RESP2 or RESP3 shape.
    public init(fromRESP frame: RESPValue) throws {
        let record = try RESPRecord(frame, shape: .line)
        self.id = try record.field("id", as: Int.self)
        self.database = try record.field("db", as: Int.self)
    }
}
