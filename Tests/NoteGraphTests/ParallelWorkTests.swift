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

    /// Threads that each add to one counter under the lock many times lose no addition: the
    /// lock keeps their read-modify-writes apart even when they take it back to back.
    @Test func spinLockKeepsUpdatesApart() {
        final class Counter: @unchecked Sendable {
            var value = 0
            var inside = 0
            var overlapped = false
        }
        let lock = SpinLock()
        let counter = Counter()
        let threads = 8, rounds = 20_000
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<rounds {
                lock.withLock {
                    counter.inside += 1
                    if counter.inside != 1 { counter.overlapped = true }
                    counter.value += 1
                    counter.inside -= 1
                }
            }
        }
        #expect(counter.value == threads * rounds)
        #expect(!counter.overlapped)
        // Taken and given back on one thread, it can be taken again.
        lock.lock()
        lock.unlock()
        #expect(lock.withLock { 7 } == 7)
    }

    /// The same hash and seed give the same mix; a different seed or hash a different one; and
    /// hashes that differ in high bits only (FNV-1a's weakness for a table's low-bit buckets)
    /// land spread over the low bits.
    @Test func hashMixSpreadsAndDependsOnTheSeed() {
        #expect(HashMix.mixed(12_345, seed: 99) == HashMix.mixed(12_345, seed: 99))
        #expect(HashMix.mixed(12_345, seed: 99) != HashMix.mixed(12_345, seed: 100))
        #expect(HashMix.mixed(12_345, seed: 99) != HashMix.mixed(12_346, seed: 99))
        var buckets = Set<Int>()
        for k in 0..<256 { buckets.insert(HashMix.mixed(k << 40, seed: 0) & 255) }
        // 256 keys thrown into 256 buckets fill about 162 of them; all in one would be 1.
        #expect(buckets.count > 120)
    }
}
