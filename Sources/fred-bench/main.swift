import Dispatch
import NIOCore
import NIOPosix

// Chooses Swift concurrency's executor before any task starts, then runs the command. The main
// thread only waits.
let arguments = CommandLine.arguments
if zip(arguments, arguments.dropFirst()).contains(where: { $0 == "--executor" && $1 == "nio" })
    || arguments.contains("--executor=nio") {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
let done = DispatchSemaphore(value: 0)
Task.detached {
    await FredBench.runFromCommandLine()
    done.signal()
}
done.wait()
