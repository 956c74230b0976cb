// The Fred client library: the runtime (connections, RESP, mock engine) and the typed commands
// generated from commands.yaml, behind one import.
@_exported import FredCommands
@_exported import FredRuntime
