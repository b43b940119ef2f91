import Dispatch

/// Results written by index from several threads: each slot is written exactly once, by one
/// iteration, and read only after all iterations have finished.
private final class Slots<T>: @unchecked Sendable {
    var values: [T?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
}

extension Array where Element: Sendable {
    /// `map` on every core, results in the original order. The phases of a build run each note
    /// through a pure function, so order is the only thing that needs keeping.
    public func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        if count < 2 { return map(transform) }
        let slots = Slots<T>(count: count)
        withoutActuallyEscaping(transform) { transform in
            let work = self
            DispatchQueue.concurrentPerform(iterations: count) { i in
                let value = transform(work[i])
                slots.values[i] = value
            }
        }
        return slots.values.map { $0! }
    }
}
