import GraphExport
import KnowledgeGraph
@testable import NoteGraph
import SiteGenerator
import Testing

/// A page's local graph is drawn from the whole graph by index (`LocalGraph.picture`); it must
/// be the picture of the local subgraph as first defined (the node's `localGraph`, then only
/// `links` and `related` lines between neighbours), for every node of a graph with hubs, ties,
/// links both ways, mentions among neighbours and anchored edges.
@Suite struct LocalPictureTests {
    /// With `relabel`, every third node (of all kinds) takes the next of those labels instead.
    static func graph(relabel: [String] = []) -> Graph {
        var nodes: [Node] = []
        var edges: [(source: NodeID, target: NodeID, kind: EdgeKind, weight: Double, anchor: String?)] = []
        let notes = (0..<30).map { NodeID(.note, "n/\($0 < 10 ? "0" : "")\($0).md") }
        let concepts = ["VAE", "ELBO", "KL", "변분 추론", "GAN"].map { NodeID(.concept, $0.lowercased()) }
        for (k, id) in notes.enumerated() { nodes.append(Node(id: id, label: "Note \(k) <&> \"q\"", url: "n/\(k)/")) }
        for id in concepts { nodes.append(Node(id: id, label: id.key.uppercased(), url: "concepts/\(id.key)/")) }
        nodes.append(Node(id: NodeID(.tag, "dl"), label: "dl"))
        if !relabel.isEmpty {
            for k in stride(from: 0, to: nodes.count, by: 3) {
                nodes[k] = Node(id: nodes[k].id, label: relabel[k / 3 % relabel.count], url: nodes[k].url)
            }
        }
        for (k, note) in notes.enumerated() {
            edges.append((note, notes[(k * 7 + 3) % notes.count], .links, Double(k % 3 + 1), nil))
            edges.append((notes[(k * 7 + 3) % notes.count], note, .links, 1, nil))
            edges.append((note, concepts[k % concepts.count], .mentions, Double(k % 4 + 1), nil))
            edges.append((note, concepts[(k + 2) % concepts.count], .mentions, 1, nil))
            if k % 6 == 0 { edges.append((note, concepts[k % concepts.count], .defines, 1, "sec-\(k)")) }
            edges.append((note, NodeID(.tag, "dl"), .tagged, 1, nil))
        }
        for (a, b) in zip(concepts, concepts.dropFirst()) { edges.append((a, b, .related, 2, nil)) }
        return Graph(nodes: nodes, edges: edges)
    }

    @Test func picturesFromIndicesAreThoseOfTheSubgraph() throws {
        let graph = Self.graph()
        let adjacency = graph.adjacency()
        // The looks of the whole graph, made once, as the site makes them.
        let looks = LocalGraph.looks(of: graph, hrefs: graph.nodes.indices.map { "../\($0)/index.html" })
        var drawn = 0
        for i in graph.nodes.indices {
            let id = graph.nodes[i].id
            let byIndex = LocalGraph.picture(around: i, in: graph, adjacency: adjacency)
            let bySubgraph = graph.localGraph(of: id, limit: LocalGraph.maxNodes, filter: LocalGraph.filter).map { local in
                let center = local.index(of: id)!
                return local.keepingEdges { $0.source == center || $0.target == center || $0.kind == .links || $0.kind == .related }
            }
            #expect((byIndex == nil) == (bySubgraph == nil))
            guard let picture = byIndex, let local = bySubgraph else { continue }
            let nodes = picture.nodes
            #expect(nodes.map { graph.nodes[$0].id } == local.nodes.map(\.id))
            // The subgraph drawn on its own, its labels and links made for this picture alone.
            let hrefs = nodes.map { $0 == i ? nil : "../\($0)/index.html" }
            var options = RadialSVGWriter.Options()
            options.title = "Local graph"
            options.nodeHrefs = hrefs
            options.minScale = LocalGraph.localMinScale
            let expected = try #require(RadialSVGWriter(options: options).write(local, center: graph.nodes[i].id))
            #expect(LocalGraph.svg(of: picture, looks: looks, title: "Local graph") == expected, "\(graph.nodes[i].id)")
            #expect(picture.edges.count == local.edges.count)
            // A prefix written before each link gives the picture of the joined links, for
            // prefixes and links with bytes that escape (and U+FFFF, which goes).
            for (prefix, tail) in [("../../", "x/"), ("", "y&z/"), ("a\"<b>&'/", "\u{FFFF}\u{FFFE}q/"), ("\u{EFFF}", "é/")] {
                let links = graph.nodes.indices.map { "\(tail)\($0)/index.html" }
                options.nodeHrefs = nodes.map { $0 == i ? nil : prefix + links[$0] }
                let joined = try #require(RadialSVGWriter(options: options).write(local, center: graph.nodes[i].id))
                let prefixed = LocalGraph.looks(of: graph, hrefs: links)
                #expect(LocalGraph.svg(of: picture, looks: prefixed, title: "Local graph", prefix: prefix) == joined)
            }
            drawn += 1
        }
        #expect(drawn > 30)
    }

    /// A site's pictures are titled from the looks, the center's label escaped once for the
    /// whole graph (`LocalGraph.svgUTF8`): the same bytes as the picture given its title whole
    /// (`LocalGraph.title`), in both languages, for labels that escape, are cut short, span
    /// lines or hold characters XML drops, with and without a climb before the links.
    @Test func picturesTitledFromTheLooksAreThoseGivenTheTitle() throws {
        let graph = Self.graph(relabel: ["A very long note title that is cut short <here> & there",
                                         "  Two\nlines\tand   spaces  ", "변분 추론의 아주 긴 제목이 여기에 있습니다 그리고 더",
                                         "\u{FFFF}q\u{FFFE} \"quoted\" 'a'", ""])
        let adjacency = graph.adjacency()
        let looks = LocalGraph.looks(of: graph, hrefs: graph.nodes.indices.map { "n/\($0)/index.html" })
        var drawn = 0
        for i in graph.nodes.indices {
            guard let picture = LocalGraph.picture(around: i, in: graph, adjacency: adjacency) else { continue }
            for language in [InterfaceLanguage.en, .ko] {
                for prefix in ["", "../../"] {
                    let titled = LocalGraph.svg(of: picture, looks: looks, title: LocalGraph.title(for: graph.nodes[i], language: language),
                                                prefix: prefix)
                    let fromLooks = LocalGraph.svgUTF8(of: picture, looks: looks, titleAround: GraphPages.localTitle(language), prefix: prefix)
                    #expect(fromLooks == Array(titled.utf8), "\(graph.nodes[i].id) \(language)")
                }
            }
            drawn += 1
        }
        #expect(drawn > 30)
    }
}
