/// What `ROLE` says a server is. Its reply is an array whose shape depends on the role, so this
/// type is written by hand rather than generated from a record.
public enum RedisRole: Sendable, Hashable, RESPDecodable {
    /// A primary, with its replication offset and the replicas connected to it.
    case primary(offset: Int, replicas: [Replica])
    /// A replica of the primary at `host`:`port`; `state` is `connect`, `connecting`, `sync` or
    /// `connected`; `offset` is -1 until it has synchronized.
    case replica(host: String, port: Int, state: String, offset: Int)
    /// A Sentinel, with the names of the primaries it monitors.
    case sentinel(primaries: [String])

    /// A replica as its primary lists it.
    public struct Replica: Sendable, Hashable, RESPDecodable {
        public var host: String
        public var port: Int
        public var offset: Int

        public init(host: String, port: Int, offset: Int) {
            self.host = host
            self.port = port
            self.offset = offset
        }

        public init(fromRESP value: RESPValue) throws {
            guard let parts = value.elements, parts.count == 3 else { throw value.unexpected("array of host, port and offset") }
            host = try String(fromRESP: parts[0])
            port = try Int(fromRESP: parts[1])
            offset = try Int(fromRESP: parts[2])
        }
    }

    public init(fromRESP value: RESPValue) throws {
        guard let parts = value.elements, let first = parts.first else { throw value.unexpected("array starting with a role") }
        switch (try String(fromRESP: first), parts.count) {
        case ("master", 3):
            self = .primary(offset: try Int(fromRESP: parts[1]), replicas: try [Replica](fromRESP: parts[2]))
        case ("slave", 5):
            self = .replica(
                host: try String(fromRESP: parts[1]), port: try Int(fromRESP: parts[2]),
                state: try String(fromRESP: parts[3]), offset: try Int(fromRESP: parts[4])
            )
        case ("sentinel", 2):
            self = .sentinel(primaries: try [String](fromRESP: parts[1]))
        default:
            throw value.unexpected("master, slave or sentinel role")
        }
    }
}
