import Testing
@testable import FredRuntime

/// What a batch on the shared connection may hold, decided from the commands' semantics alone.
@Suite struct RedisBatchRulesTests {
    static func command(_ name: String, _ semantics: RedisCommandSemantics = .ordinary, flags: RedisCommandFlags = []) -> RESPCommand {
        RESPCommand(RedisCommandInfo(name: name, words: [], flags: flags, semantics: semantics))
    }
    static let get = command("GET")
    static let multi = command("MULTI", .init(change: .transactionBegin))
    static let exec = command("EXEC", .init(change: .transactionEnd))
    static let watch = command("WATCH", .init(change: .watch))
    static let select = command("SELECT", .init(change: .session))
    static let subscribe = command("SUBSCRIBE", .init(answer: .pushes))
    static let asking = command("ASKING", .init(change: .nextCommand))
    static let blpop = command("BLPOP", flags: .blocking)

    @Test func aWholeTransactionIsOneUnit() {
        #expect(RedisBatchRules.refusal([Self.multi, Self.get, Self.get, Self.exec]) == nil)
        #expect(RedisBatchRules.refusal([Self.get, Self.multi, Self.exec, Self.multi, Self.get, Self.exec]) == nil)
        #expect(RedisBatchRules.refusal([Self.multi, Self.blpop, Self.exec]) == nil, "inside MULTI a blocking command does not block")
        #expect(RedisBatchRules.refusal([Self.asking, Self.get]) == nil)
    }

    @Test func whatWouldOutliveTheBatchIsRefused() {
        for batch in [
            [Self.multi, Self.get], [Self.get, Self.exec], [Self.multi, Self.multi, Self.exec], [Self.watch, Self.multi, Self.exec],
            [Self.select, Self.get], [Self.subscribe], [Self.get, Self.asking], [Self.blpop], [Self.get, Self.blpop],
        ] {
            guard case .needsDedicatedConnection = RedisBatchRules.refusal(batch) else {
                Issue.record("\(batch.map(\.info.name)) was not refused")
                continue
            }
        }
    }

    @Test func anUnwrittenTailIsResentOnlyOutsideATransaction() {
        let batch = [Self.get, Self.multi, Self.get, Self.exec, Self.get]
        #expect(RedisBatchRules.tailMayBeResent(batch, from: 0))
        #expect(RedisBatchRules.tailMayBeResent(batch, from: 1))
        #expect(!RedisBatchRules.tailMayBeResent(batch, from: 2))
        #expect(!RedisBatchRules.tailMayBeResent(batch, from: 3))
        #expect(RedisBatchRules.tailMayBeResent(batch, from: 4))
    }

    @Test func everyNonOrdinaryCommandIsRefusedAloneOnTheSharedConnection() {
        for command in [Self.multi, Self.exec, Self.watch, Self.select, Self.subscribe, Self.asking] {
            #expect(command.info.sharedConnectionRefusal != nil, "\(command.info.name)")
        }
        #expect(Self.get.info.sharedConnectionRefusal == nil)
        #expect(Self.blpop.info.sharedConnectionRefusal == nil, "blocking commands run on connections of their own")
    }
}
