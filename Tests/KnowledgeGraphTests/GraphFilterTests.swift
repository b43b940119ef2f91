@testable import KnowledgeGraph
import Testing

/// A filter keeps its bits (`GraphFilter.Compiled`) beside its sets, made when it is made and
/// again when a set or the weight is changed: they must decide as the sets do, whichever way
/// the filter came to be, for every subset of kinds.
@Suite struct GraphFilterTests {
    static func subsets<T: Hashable>(_ all: [T]) -> [Set<T>?] {
        [nil] + (0..<(1 << all.count)).map { mask in Set(all.indices.filter { mask & (1 << $0) != 0 }.map { all[$0] }) }
    }

    static func expectDecidesAsTheSets(_ filter: GraphFilter) {
        #expect(filter.compiled == GraphFilter.Compiled(filter.nodeKinds, filter.edgeKinds, filter.minWeight))
        for kind in NodeKind.allCases {
            #expect(filter.compiled.keeps(kind) == filter.keeps(Node(id: NodeID(kind, "x"), label: "x")))
        }
        for kind in EdgeKind.allCases {
            for weight in [-1, 0, 0.5, 1, 2, 3] {
                #expect(filter.compiled.keeps(kind, weight: weight) == filter.keeps(Edge(source: 0, target: 1, kind: kind, weight: weight)))
            }
        }
    }

    @Test func bitsFollowTheSetsWhenMadeAndWhenChanged() {
        let nodeSets = Self.subsets(NodeKind.allCases)
        let edgeSets = Self.subsets(EdgeKind.allCases)
        for nodes in nodeSets {
            for edges in edgeSets {
                for weight in [0, 1, 2.5] {
                    Self.expectDecidesAsTheSets(GraphFilter(nodeKinds: nodes, edgeKinds: edges, minWeight: weight))
                }
            }
        }
        // Changed one part at a time, from a filter made otherwise.
        var filter = GraphFilter(nodeKinds: [.tag], edgeKinds: [.tagged], minWeight: 5)
        for (k, nodes) in nodeSets.enumerated() {
            filter.nodeKinds = nodes
            Self.expectDecidesAsTheSets(filter)
            filter.edgeKinds = edgeSets[(k * 7) % edgeSets.count]
            Self.expectDecidesAsTheSets(filter)
            filter.minWeight = Double(k % 4)
            Self.expectDecidesAsTheSets(filter)
            filter.edgeKinds?.insert(.links)
            Self.expectDecidesAsTheSets(filter)
        }
    }
}
