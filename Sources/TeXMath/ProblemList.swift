/// Collects problems, keeping the first ``limit`` so a pathological formula cannot produce
/// megabytes of them.
struct ProblemList: Sendable {
    static let limit = 50

    private(set) var items: [MathProblem] = []
    private var dropped = 0
    private var firstDroppedOffset = 0

    mutating func add(_ message: String, command: String? = nil, at offset: Int, unknown: Bool = false) {
        if items.count < Self.limit {
            items.append(MathProblem(message: message, command: command, offset: offset, isUnknownCommand: unknown))
        } else {
            if dropped == 0 { firstDroppedOffset = offset }
            dropped += 1
        }
    }

    func finish() -> [MathProblem] {
        guard dropped > 0 else { return items }
        return items + [MathProblem(message: "\(dropped) more problems not listed", offset: firstDroppedOffset)]
    }
}
