/// A command waiting for its reply in a connection's FIFO: a lone command's continuation, or one
/// slot of a batch sent back to back.
///
/// Continuations are unchecked (they cost no allocation); the state machine hands each pending
/// reply out exactly once (a reply, an error, or the connection's end), which its tests check.
enum RedisPendingReply {
    case single(UnsafeContinuation<RESPValue, any Error>)
    case batch(RedisReplyBatch, index: Int)
    /// A `PING` the connection sent by itself on an idle connection; nobody waits for it.
    case heartbeat
    /// The fence after a command answered only by pushes (`SUBSCRIBE …; PING`).
    case fence(RedisReplyFence)

    var isHeartbeat: Bool {
        if case .heartbeat = self { return true }
        return false
    }

    /// Tells whoever waits that its task was cancelled: a lone command throws `CancellationError`;
    /// a batch's slot fails (the batch's caller sees its task cancelled).
    func cancel() {
        switch self {
        case .single(let continuation):
            continuation.resume(throwing: CancellationError())
        case .batch(let batch, let index):
            batch.complete(index, with: .failure(.connectionClosed(mayHaveRun: true)))
        case .fence(let fence):
            fence.continuation.resume(throwing: CancellationError())
        case .heartbeat:
            break
        }
    }

    /// Delivers the outcome to whoever waits for it.
    func complete(_ result: Result<RESPValue, RedisError>) {
        switch self {
        case .single(let continuation):
            continuation.resume(with: result.mapError { $0 as any Error })
        case .batch(let batch, let index):
            batch.complete(index, with: result)
        case .fence(let fence):
            // The command's own error, if it had one, comes first: the fence's reply only says
            // that everything before it is in.
            if let error = fence.commandError {
                fence.continuation.resume(throwing: error)
            } else {
                fence.continuation.resume(with: result.map { _ in () }.mapError { $0 as any Error })
            }
        case .heartbeat:
            break
        }
    }

    /// An error reply that came before this fence's own reply: the fenced command's.
    func absorb(_ error: RedisError) {
        guard case .fence(let fence) = self, fence.commandError == nil else { return }
        fence.commandError = error
    }
}

/// A command answered only by pushes (`SUBSCRIBE`), sent with a `PING` behind it: the PING's
/// reply says the server has dealt with the command, and an error reply before it is the
/// command's. Created and completed on the connection's event loop only.
final class RedisReplyFence {
    let continuation: UnsafeContinuation<Void, any Error>
    var commandError: RedisError?

    init(continuation: UnsafeContinuation<Void, any Error>) {
        self.continuation = continuation
    }
}

/// The replies of a batch, collected as they arrive and handed over together after the last.
/// Created and completed on the connection's event loop only.
final class RedisReplyBatch {
    private var results: [Result<RESPValue, RedisError>]
    private var remaining: Int
    private let continuation: UnsafeContinuation<[Result<RESPValue, RedisError>], Never>

    init(count: Int, continuation: UnsafeContinuation<[Result<RESPValue, RedisError>], Never>) {
        results = Array(repeating: .failure(.connectionClosed(mayHaveRun: false)), count: count)
        remaining = count
        self.continuation = continuation
    }

    func complete(_ index: Int, with result: Result<RESPValue, RedisError>) {
        results[index] = result
        remaining -= 1
        if remaining == 0 {
            continuation.resume(returning: results)
        }
    }
}
