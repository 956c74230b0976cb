import Dispatch
import NIOCore
import NIOPosix

// Chooses Swift concurrency's executor before any task starts, then runs the command. The main
// thread only waits.
if CommandLine.arguments.contains("--nio-executor") {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
let done = DispatchSemaphore(value: 0)
Task.detached {
    await FredBench.runFromCommandLine()
    done.signal()
}
done.wait()
