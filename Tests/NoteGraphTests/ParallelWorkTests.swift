import Diagnostics
import Dispatch
import Testing

@Suite struct ParallelWorkTests {
    @Test func parallelMapKeepsOrder() {
        let items = Array(0..<2_000)
        #expect(items.parallelMap { $0 * 3 } == items.map { $0 * 3 })
        #expect([Int]().parallelMap { $0 } == [])
        #expect([5].parallelMap { $0 + 1 } == [6])
    }

    @Test func concurrentlyReturnsBoth() {
        let (a, b) = concurrently({ (1...100).reduce(0, +) }, { "two" })
        #expect(a == 5050)
        #expect(b == "two")
    }

    /// The work starts when the value is made, not when it is waited for: the caller sees it
    /// running before calling `wait`, and may wait any number of times.
    @Test func backgroundStartsAtOnceAndKeepsItsResult() {
        let started = DispatchSemaphore(value: 0)
        let work = Background { () -> [Int] in
            started.signal()
            return [1, 2, 3]
        }
        #expect(started.wait(timeout: .now() + 30) == .success)
        #expect(work.wait() == [1, 2, 3])
        #expect(work.wait() == [1, 2, 3])
        // parallelMap beside a waiting Background still gets every item right.
        let gate = DispatchSemaphore(value: 0)
        let waiting = Background { () -> Int in
            gate.wait()
            return 9
        }
        #expect(Array(0..<500).parallelMap { $0 + 1 }.reduce(0, +) == 125_250)
        gate.signal()
        #expect(waiting.wait() == 9)
    }
}
