import KnowledgeGraph
import Testing
import TestSupport

/// `top(_:of:by:)` sorts only the candidates scoring at least the `count`th highest score; it
/// must give the prefix of all the candidates sorted (score, highest first, then id), ties at the
/// threshold, repeated scores, zeros and negative scores included.
@Suite struct TopRankedTests {
    static func reference(_ graph: Graph, _ count: Int, of candidates: [Int], by scores: [Double]) -> [Int] {
        Array(candidates.sorted {
            scores[$0] != scores[$1] ? scores[$0] > scores[$1] : graph.nodes[$0].id < graph.nodes[$1].id
        }.prefix(max(0, count)))
    }

    @Test(arguments: 0..<8)
    func topIsThePrefixOfTheFullRanking(_ seed: Int) {
        var random = SplitMix(state: 0x70B0_0000 &+ UInt64(seed))
        let kinds: [NodeKind] = [.note, .concept, .tag]
        for _ in 0..<60 {
            let n = random.below(200)
            let graph = Graph(nodes: (0..<n).map { k in Node(id: NodeID(random.pick(kinds), "n\(random.below(1000))-\(k)"), label: "\(k)") },
                              edges: [])
            // Few distinct scores, so that many nodes tie, at the threshold too.
            let palette = [0, 1, 0.5, 0.25, -1, 1e-12, 0.125]
            let scores = graph.nodes.indices.map { _ in random.pick(palette) }
            let candidates = graph.nodes.indices.filter { _ in random.chance(70) }
            for count in [0, 1, 2, 5, 20, n / 2, n, n + 3] {
                #expect(graph.top(count, of: candidates, by: scores) == Self.reference(graph, count, of: candidates, by: scores),
                        "\(n) nodes, top \(count)")
            }
            for kind in kinds {
                let count = random.below(30)
                let ofKind = graph.nodes.indices.filter { graph.nodes[$0].id.kind == kind }
                #expect(graph.top(count, by: scores, kinds: [kind]) == Self.reference(graph, count, of: ofKind, by: scores))
            }
        }
    }
}
