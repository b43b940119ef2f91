import Dispatch
import Foundation

/// Results written by index from several threads: each slot is written exactly once, by one
/// iteration, and read only after all iterations have finished.
private final class Slots<T>: @unchecked Sendable {
    var values: [T?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
}

/// The memory of a result being made, written by index from several threads: each slot is
/// initialized exactly once, by one iteration, and none is read until all have been.
private struct UninitializedSlots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    func initialize(_ i: Int, to value: consuming T) { (base + i).initialize(to: value) }
}

extension Array where Element: Sendable {
    /// `map` on every core, results in the original order. The phases of a build run each note
    /// through a pure function, so order is the only thing that needs keeping.
    ///
    /// Each iteration writes its value straight into the result's memory, at its own index:
    /// values were gathered in an array of optionals first and copied out of it on the calling
    /// thread, a retain of every part of every value and a release when the optionals went
    /// (tens of milliseconds on one core for ten thousand parsed notes).
    public func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        if count < 2 { return map(transform) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = UninitializedSlots(buffer.baseAddress!)
            withoutActuallyEscaping(transform) { transform in
                let work = self
                DispatchQueue.concurrentPerform(iterations: count) { i in
                    slots.initialize(i, to: transform(work[i]))
                }
            }
            // Every index in 0..<count ran once (`concurrentPerform` returns after all of them).
            initialized = count
        }
    }
}

/// Runs `first` and `second` at the same time and returns both results: for two independent
/// passes that a phase waits for together (an index and its suggestion list), so neither leaves
/// a core idle while the other runs.
///
/// Each pass gets one thread: a `parallelMap` inside either runs its items one after another
/// (libdispatch divides the cores among nested `concurrentPerform`s). Work that should spread
/// over every core goes beside a `Background` instead.
public func concurrently<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    let a = Slots<A>(count: 1), b = Slots<B>(count: 1)
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 { a.values[0] = first() } else { b.values[0] = second() }
            }
        }
    }
    return (a.values[0]!, b.values[0]!)
}

/// Work started on another thread at once and waited for later: for a wait that needs no core
/// (another process drawing a picture) beside work that wants every core, which the caller
/// then runs with `parallelMap` as usual.
public final class Background<T: Sendable>: @unchecked Sendable {
    private var value: T?
    private let finished = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async {
            self.value = work()
            self.finished.signal()
        }
    }

    /// The result, once the work has finished; any number of calls, from any thread.
    public func wait() -> T {
        finished.wait()
        defer { finished.signal() }
        return value!
    }
}

/// A value handed from one thread to another that takes it out: the giver keeps no reference,
/// so the taker alone decides where it is freed (`releaseElsewhere`), even while the giver's
/// closure that carried it still lives.
public final class Handoff<T>: @unchecked Sendable {
    private var value: T?
    private let lock = NSLock()

    public init(_ value: consuming T) { self.value = value }

    /// The value; once only.
    public func take() -> T {
        lock.withLock {
            defer { value = nil }
            return value!
        }
    }
}

/// Hands `value` to another thread to be freed: for a large structure a phase has finished with
/// (ten thousand notes' worth of arrays and strings), whose freeing would otherwise hold up the
/// next phase on one core. Whichever thread lets go last frees it; nothing can observe which.
///
/// With `ReleasePolicy.leavesToProcessExit` set, nothing frees it: the process is about to end.
public func releaseElsewhere<T>(_ value: consuming T) {
    let box = Unmanaged.passRetained(ReleaseBox(value))
    if ReleasePolicy.leavesToProcessExit { return }
    DispatchQueue.global(qos: .utility).async { box.release() }
}

/// What `releaseElsewhere` does with what it is handed.
public enum ReleasePolicy {
    /// True in `notegraph check`, which exits right after its one check: what
    /// `releaseElsewhere` is handed is then left for the process's exit to reclaim, as the
    /// pipeline leaves its results (`freesMemory: false`). Freeing ten thousand notes' concept
    /// facts and the heading cache took some 25 ms of CPU on the 10,000-note check, on a core
    /// the link and the check wanted. (`build` still frees them: its pages reuse the memory.)
    /// Set once, before any work starts; false for a library caller and the tests.
    nonisolated(unsafe) public static var leavesToProcessExit = false
}

private final class ReleaseBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: consuming T) { self.value = value }
}
