import FredRuntime
import NIOConcurrencyHelpers
import NIOCore

/// The reply of a command that runs whatever its caller does, as a command written to a server
/// does: the caller's wait may end first (its task cancelled, or its deadline passed), and then
/// the reply, when it comes, reaches nobody.
final class RedisMockPendingReply<Value: Sendable>: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Value, any Error>?)
        case done(Result<Value, any Error>)
        /// The caller stopped waiting; the reply is dropped.
        case abandoned
    }

    private let state = NIOLockedValueBox(State.waiting(nil))

    /// Runs `body` in a task of its own (it outlives a cancelled caller) and calls `finally`
    /// when it ends.
    static func run(_ body: @escaping @Sendable () async throws -> Value, finally: @escaping @Sendable () -> Void) -> RedisMockPendingReply {
        let pending = RedisMockPendingReply()
        Task {
            let result: Result<Value, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            finally()
            pending.complete(result)
        }
        return pending
    }

    private func complete(_ result: Result<Value, any Error>) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Value, any Error>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done(result)
            return continuation
        }
        waiter?.resume(with: result)
    }

    /// Stops the caller's wait with `error`.
    private func abandon(with error: any Error) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Value, any Error>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .abandoned
            return continuation
        }
        waiter?.resume(throwing: error)
    }

    /// Waits for the reply until `deadline` (then ``RedisError/timeout(_:)``) or until the task is
    /// cancelled (then `CancellationError`); the command runs on either way.
    func value(before deadline: NIODeadline?) async throws -> Value {
        let timer = deadline.map { deadline in
            Task { [weak self] in
                let left = (deadline - NIODeadline.now()).nanoseconds
                if left > 0 {
                    guard (try? await Task.sleep(for: .nanoseconds(left))) != nil else { return }
                }
                self?.abandon(with: RedisError.timeout("no reply within the command timeout; the command may still run"))
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let ready = state.withLockedValue { state -> Result<Value, any Error>? in
                    switch state {
                    case .done(let result): return result
                    case .abandoned: return .failure(CancellationError())
                    case .waiting:
                        if Task.isCancelled {
                            state = .abandoned
                            return .failure(CancellationError())
                        }
                        state = .waiting(continuation)
                        return nil
                    }
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            abandon(with: CancellationError())
        }
    }
}
