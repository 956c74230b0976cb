import NIOCore

/// Reads the replies of a transaction sent as one batch (`MULTI`, the commands, `EXEC`): what the
/// server answered `MULTI`, `QUEUED` or a refusal per command, and `EXEC`'s array of replies.
package enum RedisTransactionReplies {
    /// Each command's outcome, taken from `EXEC`'s reply (an error in its slot fails that slot
    /// only). Throws when the transaction did not run: `MULTI` or `EXEC` failed,
    /// ``RedisError/transactionAborted(queueingErrors:)`` when commands were refused while
    /// queueing, ``RedisError/watchedKeysChanged(attempts:)`` when `EXEC` answered null.
    package static func slots(of replies: [Result<RESPValue, RedisError>], commandCount: Int) throws -> [Result<RESPValue, RedisError>] {
        guard replies.count == commandCount + 2, let begin = replies.first, let end = replies.last else {
            throw RedisError.unexpectedReply(expected: "\(commandCount + 2) replies to MULTI, \(commandCount) commands and EXEC", got: "\(replies.count)")
        }
        _ = try begin.get()
        switch end {
        case .failure(.server(let error)) where error.kind == .execAbort:
            var refused: [Int: RedisServerError] = [:]
            for (position, reply) in replies.dropFirst().dropLast().enumerated() {
                if case .failure(.server(let error)) = reply { refused[position] = error }
            }
            throw RedisError.transactionAborted(queueingErrors: refused)
        case .failure(let error):
            throw error
        case .success(.null):
            throw RedisError.watchedKeysChanged(attempts: 1)
        case .success(.array(let items)) where items.count == commandCount:
            return items.map { item in
                guard item.isError else { return .success(item) }
                return .failure(.server(RedisServerError(message: item.stringPayload.map { String(buffer: $0) } ?? "")))
            }
        case .success(let other):
            throw RedisError.unexpectedReply(expected: "an array of \(commandCount) replies from EXEC", got: other.kindDescription)
        }
    }
}
