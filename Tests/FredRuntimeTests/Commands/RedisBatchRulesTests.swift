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

    @Test func aCommandWithABlockingTokenBlocksOnlyWhenItCarriesIt() {
        let xread = RedisCommandInfo(name: "XREAD", words: ["XREAD"], flags: .blocking, semantics: .init(blockingToken: "BLOCK"))
        var polling = RESPCommand(xread)
        polling.appendToken("COUNT")
        polling.append(10)
        polling.appendToken("STREAMS")
        polling.append("block")
        // A key spelled like the token is taken for it: the command then runs on a connection of
        // its own, which is safe, only costlier.
        #expect(polling.blocks)
        var reading = RESPCommand(xread)
        reading.appendToken("STREAMS")
        reading.append("events")
        reading.append("0")
        #expect(!reading.blocks)
        #expect(RedisBatchRules.refusal([Self.get, reading]) == nil, "without its token it may share a batch")
        var waiting = RESPCommand(xread)
        waiting.appendToken("BLOCK")
        waiting.append(0)
        #expect(waiting.blocks)
        var typedByHand = RESPCommand(xread)
        typedByHand.append("Block")
        #expect(typedByHand.blocks, "the server reads the token in any case")
        #expect(Self.blpop.blocks, "a command without a blocking token always blocks")
        #expect(!Self.get.blocks)
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
