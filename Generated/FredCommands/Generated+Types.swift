// Generated from commands.yaml by the Fred Generator — do not edit.
// Change the spec and rebuild (or run `swift package regenerate-commands`).

import FredRuntime

/// How long a key lives after a write.
public enum Expiration: Sendable {
    /// Expire after this many seconds.
    case ex(Int)
    /// Expire after this many milliseconds.
    case px(Int)
    /// Expire at this Unix time in seconds.
    case exat(Int)
    /// Expire at this Unix time in milliseconds.
    case pxat(Int)
    /// Keep the time to live the key already has.
    case keepTTL
}

extension Expiration {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .ex(let value):
            command.appendToken("EX")
            command.append(value)
        case .px(let value):
            command.appendToken("PX")
            command.append(value)
        case .exat(let value):
            command.appendToken("EXAT")
            command.append(value)
        case .pxat(let value):
            command.appendToken("PXAT")
            command.append(value)
        case .keepTTL:
            command.appendToken("KEEPTTL")
        }
    }
}

/// When a write may happen.
public enum SetOptions: Sendable {
    /// Only if the key does not exist.
    case nx
    /// Only if the key already exists.
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

/// The direction of a sort.
public enum SortOrder: Sendable {
    /// Smallest first.
    case asc
    /// Largest first.
    case desc
}

extension SortOrder {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .asc:
            command.appendToken("ASC")
        case .desc:
            command.appendToken("DESC")
        }
    }
}

/// Whether a flush frees memory before replying.
public enum FlushMode: Sendable {
    /// Reply at once; free memory in the background.
    case async
    /// Free memory, then reply.
    case sync
}

extension FlushMode {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .async:
            command.appendToken("ASYNC")
        case .sync:
            command.appendToken("SYNC")
        }
    }
}

/// When an expiry may be set.
public enum ExpireCondition: Sendable {
    /// Only if the key has no expiry.
    case nx
    /// Only if the key has an expiry.
    case xx
    /// Only if the new expiry is later than the current one.
    case gt
    /// Only if the new expiry is earlier than the current one.
    case lt
}

extension ExpireCondition {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .nx:
            command.appendToken("NX")
        case .xx:
            command.appendToken("XX")
        case .gt:
            command.appendToken("GT")
        case .lt:
            command.appendToken("LT")
        }
    }
}

public enum ClientCachingMode: Sendable {
    /// `YES`
    case yes
    /// `NO`
    case no
}

extension ClientCachingMode {
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

public enum ClientKillFilter: Sendable {
    /// `ID`
    case id(Int)
    /// `TYPE`
    case type(ClientKillFilterType)
    /// `USER`
    case user(RedisValue)
    /// `ADDR`
    case addr(RedisValue)
    /// `LADDR`
    case laddr(RedisValue)
    /// `SKIPME`
    case skipme(RedisValue)
}

extension ClientKillFilter {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .id(let value):
            command.appendToken("ID")
            command.append(value)
        case .type(let value):
            command.appendToken("TYPE")
            value.encode(into: &command)
        case .user(let value):
            command.appendToken("USER")
            command.append(value)
        case .addr(let value):
            command.appendToken("ADDR")
            command.append(value)
        case .laddr(let value):
            command.appendToken("LADDR")
            command.append(value)
        case .skipme(let value):
            command.appendToken("SKIPME")
            command.append(value)
        }
    }
}

public enum ClientKillFilterType: Sendable {
    /// `NORMAL`
    case normal
    /// `MASTER`
    case master
    /// `SLAVE`
    case slave
    /// `REPLICA`
    case replica
    /// `PUBSUB`
    case pubsub
}

extension ClientKillFilterType {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .normal:
            command.appendToken("NORMAL")
        case .master:
            command.appendToken("MASTER")
        case .slave:
            command.appendToken("SLAVE")
        case .replica:
            command.appendToken("REPLICA")
        case .pubsub:
            command.appendToken("PUBSUB")
        }
    }
}

public enum ClientListType: Sendable {
    /// `NORMAL`
    case normal
    /// `MASTER`
    case master
    /// `REPLICA`
    case replica
    /// `PUBSUB`
    case pubsub
}

extension ClientListType {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .normal:
            command.appendToken("NORMAL")
        case .master:
            command.appendToken("MASTER")
        case .replica:
            command.appendToken("REPLICA")
        case .pubsub:
            command.appendToken("PUBSUB")
        }
    }
}

public enum ClientNoEvictMode: Sendable {
    /// `ON`
    case on
    /// `OFF`
    case off
}

extension ClientNoEvictMode {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .on:
            command.appendToken("ON")
        case .off:
            command.appendToken("OFF")
        }
    }
}

public enum ClientPauseMode: Sendable {
    /// `WRITE`
    case write
    /// `ALL`
    case all
}

extension ClientPauseMode {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .write:
            command.appendToken("WRITE")
        case .all:
            command.appendToken("ALL")
        }
    }
}

public enum ClientReplyMode: Sendable {
    /// `ON`
    case on
    /// `OFF`
    case off
    /// `SKIP`
    case skip
}

extension ClientReplyMode {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .on:
            command.appendToken("ON")
        case .off:
            command.appendToken("OFF")
        case .skip:
            command.appendToken("SKIP")
        }
    }
}

public enum ClientTrackingStatus: Sendable {
    /// `ON`
    case on
    /// `OFF`
    case off
}

extension ClientTrackingStatus {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .on:
            command.appendToken("ON")
        case .off:
            command.appendToken("OFF")
        }
    }
}

public enum ClientUnblockReason: Sendable {
    /// `TIMEOUT`
    case timeout
    /// `ERROR`
    case error
}

extension ClientUnblockReason {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .timeout:
            command.appendToken("TIMEOUT")
        case .error:
            command.appendToken("ERROR")
        }
    }
}

public enum MigrateKey: Sendable {
    case key(RedisValue)
    /// ``
    case empty
}

extension MigrateKey {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .key(let value):
            command.append(value)
        case .empty:
            command.appendToken("")
        }
    }
}

public enum MigrateAuthentication: Sendable {
    /// `AUTH`
    case password(RedisValue)
    /// `AUTH2`
    case usernamePassword(username: RedisValue, password: RedisValue)
}

extension MigrateAuthentication {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .password(let value):
            command.appendToken("AUTH")
            command.append(value)
        case .usernamePassword(let username, let password):
            command.appendToken("AUTH2")
            command.append(username)
            command.append(password)
        }
    }
}

public enum GetExExpiration: Sendable {
    /// `EX`
    case ex(Int)
    /// `PX`
    case px(Int)
    /// `EXAT`
    case exat(Int)
    /// `PXAT`
    case pxat(Int)
    /// `PERSIST`
    case persist
}

extension GetExExpiration {
    /// Appends this option's tokens and values to `command`.
    public func encode(into command: inout RESPCommand) {
        switch self {
        case .ex(let value):
            command.appendToken("EX")
            command.append(value)
        case .px(let value):
            command.appendToken("PX")
            command.append(value)
        case .exat(let value):
            command.appendToken("EXAT")
            command.append(value)
        case .pxat(let value):
            command.appendToken("PXAT")
            command.append(value)
        case .persist:
            command.appendToken("PERSIST")
        }
    }
}
