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

public enum ClientKillFilter: Sendable {
    /// `ID`
    case id(Int)
    /// `SKIPME`
    case skipme(ClientKillFilterSkipme)
    case addr(ip: RedisValue, port: Int?)
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
