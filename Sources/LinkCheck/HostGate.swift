/// The concurrency limits of the external check: at most `total` requests in flight, and at most
/// `perHost` to one host, so a vault with 300 links to one site does not hammer it (and get 429s).
/// Waiters are served first come, first served among those whose host has room.
actor HostGate {
    private let total: Int
    private let perHost: Int
    private var active = 0
    private var activeByHost: [String: Int] = [:]
    private var waiting: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    init(total: Int, perHost: Int) {
        self.total = max(1, total)
        self.perHost = max(1, perHost)
    }

    func enter(_ host: String) async {
        if hasRoom(host) {
            take(host)
            return
        }
        await withCheckedContinuation { waiting.append((host, $0)) }
    }

    func leave(_ host: String) {
        active -= 1
        activeByHost[host, default: 1] -= 1
        if activeByHost[host] == 0 { activeByHost[host] = nil }
        var i = 0
        while i < waiting.count, active < total {
            if hasRoom(waiting[i].host) {
                let next = waiting.remove(at: i)
                take(next.host)
                next.continuation.resume()
            } else {
                i += 1
            }
        }
    }

    private func hasRoom(_ host: String) -> Bool { active < total && activeByHost[host, default: 0] < perHost }

    private func take(_ host: String) {
        active += 1
        activeByHost[host, default: 0] += 1
    }
}
