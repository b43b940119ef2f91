import Foundation
import Synchronization

/// A lock for critical sections of a microsecond or less that every parsing thread takes for
/// each note (the name table, the heading-analysis cache): a thread that finds it taken spins
/// on it until it is free, where `NSLock` (a pthread mutex) put it to sleep in the kernel and
/// woke it again, two system calls and two context switches to wait out a few hundred
/// nanoseconds. At 10,000 notes on two cores those waits were 7% of the concept facts'
/// extraction time.
///
/// Only for short sections that never block: a waiter that spins for long (its holder was
/// descheduled) yields its core after every `spinsBeforeYield` reads.
public final class SpinLock: @unchecked Sendable {
    private let taken = Atomic<Bool>(false)

    /// How many times a waiter reads the lock before it yields its core to the thread that
    /// holds the lock (about a microsecond of reads).
    static let spinsBeforeYield = 512

    public init() {}

    @inline(__always)
    public func lock() {
        if taken.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged { return }
        lockAfterWaiting()
    }

    @inline(never)
    private func lockAfterWaiting() {
        var spins = 0
        while true {
            // Read, not written, while it is taken: the line stays shared between the cores
            // until the holder's store.
            while taken.load(ordering: .relaxed) {
                spins += 1
                if spins == Self.spinsBeforeYield {
                    spins = 0
                    sched_yield()
                }
            }
            if taken.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged { return }
        }
    }

    @inline(__always)
    public func unlock() {
        taken.store(false, ordering: .releasing)
    }

    @inline(__always)
    public func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock()
        defer { unlock() }
        return try body()
    }
}
