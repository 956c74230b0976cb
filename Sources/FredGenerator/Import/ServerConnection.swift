#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A reply read from the server by the importer (RESP2: what a connection speaks before `HELLO`).
indirect enum ServerReply: Equatable {
    case text(String)
    case integer(Int)
    case null
    case array([ServerReply])
    case error(String)

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var array: [ServerReply]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// A flat `[key, value, key, value, …]` array as pairs (how RESP2 sends a map).
    var pairs: [(String, ServerReply)] {
        guard let items = array else { return [] }
        return stride(from: 0, to: items.count - 1, by: 2).compactMap { index in
            items[index].text.map { ($0, items[index + 1]) }
        }
    }
}

/// Errors of the importer's connection, each saying what to check.
struct ImportError: Error, CustomStringConvertible {
    var description: String
}

/// A blocking connection to a server, just enough to read `COMMAND DOCS` and `COMMAND INFO`.
/// (The Generator runs inside the build plugin and stays free of SwiftNIO.)
final class ServerConnection {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var position = 0

    /// Connects to `redis://[user:password@]host:port`; sends `AUTH` when the URL has a password.
    init(url: String) throws {
        guard let components = URLComponents(string: url), components.scheme == "redis",
              let host = components.host, !host.isEmpty
        else {
            throw ImportError(description: "the server URL must look like redis://host:port, not '\(Self.redacted(url))'")
        }
        let port = components.port ?? 6379
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &addresses) == 0, let first = addresses else {
            throw ImportError(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(addresses) }
        var connected: Int32 = -1
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            let socketDescriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if socketDescriptor >= 0 {
                if connect(socketDescriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                    connected = socketDescriptor
                    break
                }
                close(socketDescriptor)
            }
            candidate = address.pointee.ai_next
        }
        guard connected >= 0 else { throw ImportError(description: "cannot connect to \(host):\(port)") }
        descriptor = connected
        if let password = components.password {
            let user = components.user.flatMap { $0.isEmpty ? nil : $0 }
            let reply = try send(ImportRequests.auth(user: user, password: password))
            if case .error = reply { throw ImportError(description: "the server refused the credentials of the URL") }
        }
    }

    deinit { close(descriptor) }

    /// Sends one command and reads its reply.
    func send(_ words: [String]) throws -> ServerReply {
        var request = Array("*\(words.count)\r\n".utf8)
        for word in words {
            let bytes = Array(word.utf8)
            request += Array("$\(bytes.count)\r\n".utf8) + bytes + [13, 10]
        }
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw ImportError(description: "the connection closed while sending \(words.first ?? "")") }
            sent += written
        }
        return try readReply()
    }

    private func readReply() throws -> ServerReply {
        let line = try readLine()
        guard let marker = line.first else { throw ImportError(description: "empty reply line") }
        let rest = String(decoding: line.dropFirst(), as: UTF8.self)
        switch marker {
        case UInt8(ascii: "+"): return .text(rest)
        case UInt8(ascii: "-"): return .error(rest)
        case UInt8(ascii: ":"):
            guard let value = Int(rest) else { throw ImportError(description: "bad integer reply '\(rest)'") }
            return .integer(value)
        case UInt8(ascii: "$"):
            guard let length = Int(rest), length <= 64 << 20 else { throw ImportError(description: "bad bulk length '\(rest)'") }
            if length < 0 { return .null }
            let bytes = try readBytes(length + 2)
            return .text(String(decoding: bytes.dropLast(2), as: UTF8.self))
        case UInt8(ascii: "*"):
            guard let count = Int(rest), count <= 1 << 20 else { throw ImportError(description: "bad array length '\(rest)'") }
            if count < 0 { return .null }
            return .array(try (0..<count).map { _ in try readReply() })
        default:
            throw ImportError(description: "unexpected reply type '\(Character(UnicodeScalar(marker)))'")
        }
    }

    private func readLine() throws -> [UInt8] {
        while true {
            if let end = buffer[position...].firstIndex(of: 10), end > position, buffer[end - 1] == 13 {
                let line = Array(buffer[position..<(end - 1)])
                position = end + 1
                return line
            }
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - position < count { try fill() }
        defer { position += count }
        return Array(buffer[position..<(position + count)])
    }

    private func fill() throws {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { throw ImportError(description: "the server closed the connection") }
        buffer += chunk[..<count]
    }

    /// `url` without its password.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "redis://***"
    }
}
