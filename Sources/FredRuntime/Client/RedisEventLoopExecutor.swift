import NIOCore

/// A task executor that runs jobs on a connection's event loop.
///
/// A task that prefers it (`withTaskExecutorPreference(client.taskExecutor) { … }`) runs on the
/// same thread as the client's connection: sending a command and resuming with its reply need no
/// thread switch (on the 2-core machine of docs/benchmarks.md, sequential GETs went from about
/// 9,300 to 13,400 a second).
@available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
public final class RedisEventLoopExecutor: TaskExecutor {
    /// The event loop the jobs run on.
    public let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
