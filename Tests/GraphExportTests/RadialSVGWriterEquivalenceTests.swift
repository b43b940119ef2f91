@testable import GraphExport
import KnowledgeGraph
import Testing
import TestSupport

/// The byte writer against `LegacyRadialSVGWriter`, the String-built writer it replaced: the
/// same picture, byte for byte, for random small graphs with hostile names, every kind of node
/// and edge, edges both ways, self-loops, odd weights and both ways of giving links.
@Suite struct RadialSVGWriterEquivalenceTests {
    /// Pieces of names: markup, quotes, white space and controls the label collapses, characters
    /// XML cannot carry, lead bytes the escapers look at (C2, E2, EF) in harmless characters,
    /// Hangul composed and decomposed, combining marks, emoji sequences, wide and narrow Latin.
    static let pieces = [
        "VAE", "Evidence Lower Bound", "a\"b", "'single'", "a & b", "&amp;", "<b>", "x > y", "line\nbreak", "tab\there",
        "cr\r\nlf", "  spaced   out  ", "\u{0}nul", "bell\u{7}", "\u{1B}esc", "del\u{7F}", "c1\u{85}\u{9F}", "nbsp\u{A0}©",
        "ls\u{2028}ps\u{2029}", "€ — …", "\u{FEFF}bom", "\u{FFFD}", "non\u{FFFE}char\u{FFFF}", "변분 오토인코더", "쿨백-라이블러 발산",
        "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}", "e\u{301}te\u{301}", "zw\u{200B}j\u{200D}", "🎉", "👨‍👩‍👧‍👦", "👍🏽", "🇰🇷",
        "𠀀 ext-B", "ｆｕｌｌ", "MWmw", "iIl|j", "(x)[y]", "12345", "", " ", "\\back\\", "%41",
    ]

    static func name(_ random: inout SplitMix) -> String {
        if random.chance(8) {
            // Very long: cut, with a tooltip.
            return (0..<(8 + random.below(12))).map { _ in random.pick(pieces) }.joined(separator: random.pick([" ", "", "\n"]))
        }
        return (0..<(1 + random.below(3))).map { _ in random.pick(pieces) }.joined(separator: random.pick([" ", "", "-"]))
    }

    static let weights: [Double] = [1, 1, 1, 2, 3, 0.5, 0, -1, 40, 1e9, 2.25, .nan, .infinity, -.infinity]

    static func graph(_ random: inout SplitMix) -> Graph {
        // Mostly local-graph sizes; a few larger rings, past the cached directions and the
        // insertion sort.
        let count = random.chance(5) ? 20 + random.below(20) : 1 + random.below(13)
        var nodes: [Node] = []
        for k in 0..<count {
            let kind = random.pick(NodeKind.allCases)
            let label = name(&random)
            // Keys repeat labels sometimes, so ids of different kinds share keys.
            nodes.append(Node(id: NodeID(kind, random.chance(30) ? label : "n\(k)-\(label)"), label: label,
                              url: "u/\(k)/", folder: "f", tags: ["t"], aliases: ["a"]))
        }
        var edges: [Fixtures.EdgeSpec] = []
        let edgeCount = random.below(3 * count + 2)
        for _ in 0..<edgeCount {
            let a = random.pick(nodes).id, b = random.pick(nodes).id
            let kind = random.pick(EdgeKind.allCases)
            edges.append((a, b, kind, random.pick(weights), nil))
            // The other way too, often with the same kind: one line, two arrowheads.
            if random.chance(35) { edges.append((b, a, random.chance(80) ? kind : random.pick(EdgeKind.allCases), random.pick(weights), nil)) }
        }
        return Graph(nodes: nodes, edges: edges)
    }

    static func options(_ random: inout SplitMix, graph: Graph) -> RadialSVGWriter.Options {
        var options = RadialSVGWriter.Options()
        options.title = "Local graph of " + name(&random)
        if random.chance(20) { options.fontFamily = random.pick(["\"Quoted\" & <Font>, serif", "Tab\tFont\nNew", "Pretendard"]) }
        if random.chance(20) { options.fontSize = random.pick([9.5, 14, 16.5, 0.5]) }
        if random.chance(20) { options.maxLabelLength = random.pick([1, 2, 3, 8, 40]) }
        if random.chance(10) { options.idPrefix = random.pick(["p", "ng-lg-2", "x_y"]) }
        if random.chance(10) { options.cssClass = "ng-graph-svg other" }
        // Chosen from the title rather than drawn, so the random graphs stay the ones they were.
        options.minScale = [nil, 0.8, 0.75, 1, 1.0 / 3][options.title.utf8.count % 5]
        func href(_ k: Int) -> String? {
            random.chance(25) ? nil : random.pick(["../\(k)/index.html", "a?b=1&c='2'", "q\"<>\n\t", "한글/ page/", "#\(k)"])
        }
        switch random.below(3) {
        case 0:
            // By index; sometimes fewer entries than nodes.
            let length = random.chance(20) ? random.below(graph.nodes.count + 1) : graph.nodes.count
            options.nodeHrefs = (0..<length).map { href($0) }
            // Ignored when links are given by index.
            if random.chance(50) { options.hrefs = [graph.nodes[0].id: "ignored"] }
        case 1:
            for (k, node) in graph.nodes.enumerated() { options.hrefs[node.id] = href(k) }
        default:
            break
        }
        return options
    }

    @Test func sameBytesAsTheStringWriter() throws {
        var random = SplitMix(state: 20_240_611)
        var drawn = 0, withMarkers = 0, withTooltips = 0, bothWays = 0, largeRings = 0
        for round in 0..<600 {
            let graph = Self.graph(&random)
            let options = Self.options(&random, graph: graph)
            let center = random.chance(3) ? NodeID(.note, "missing") : random.pick(graph.nodes).id
            let old = LegacyRadialSVGWriter(options: options).write(graph, center: center)
            let writer = RadialSVGWriter(options: options)
            let new = writer.write(graph, center: center)
            #expect(new == old, "round \(round)")
            #expect(writer.writeBytes(graph, center: center) == old.map { Array($0.utf8) }, "round \(round)")
            if let old, new != old {
                // The first difference, for the failure message.
                let a = Array(old.utf8), b = Array((new ?? "").utf8)
                let k = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                Issue.record("round \(round) differs at byte \(k): \(String(decoding: a[max(0, k - 80)..<min(a.count, k + 80)], as: UTF8.self))")
                break
            }
            if let old {
                drawn += 1
                if old.contains("<marker") { withMarkers += 1 }
                if old.contains("<title>") { withTooltips += 1 }
                if old.contains("marker-start") { bothWays += 1 }
                if graph.nodes.count > 34 { largeRings += 1 }
            }
        }
        // The random graphs reach what they are meant to.
        #expect(drawn > 500 && withMarkers > 200 && withTooltips > 50 && bothWays > 50 && largeRings > 3,
                "\(drawn) drawn, \(withMarkers) with markers, \(withTooltips) with tooltips, \(bothWays) with lines both ways, \(largeRings) large rings")
    }

    /// Each element is written into room reserved for its longest form, which the debug
    /// build's writer asserts it keeps to: numbers at their longest (sizes past 10^15, not
    /// finite, negative and fractional), long ids, classes, titles and fonts full of escapes,
    /// Korean labels cut and not, links with climbs; still the String writer's bytes.
    @Test func extremeOptionsDrawTheSame() {
        var random = SplitMix(state: 0xE7_7E3E)
        var compared = 0
        for round in 0..<300 {
            let graph = Self.graph(&random)
            var options = Self.options(&random, graph: graph)
            options.fontSize = random.pick([1e300, -1e300, 3e14, 7.7e15, 0.3, -12.5, .infinity, -.infinity, .nan, 1e-300, 12])
            options.idPrefix = random.pick(["ng-lg", String(repeating: "그래프-", count: 40), "a\"b"])
            options.cssClass = random.pick(["ng-graph-svg", String(repeating: "긴 클래스 ", count: 30)])
            options.title = String(repeating: random.pick(["\"&<>", "제목 ", "\u{FFFF}\t"]), count: random.below(60))
            options.fontFamily = String(repeating: random.pick(["\"Q\" & <F>, ", "나눔고딕,"]), count: random.below(20))
            options.maxLabelLength = random.pick([1, 22, 200])
            let center = random.pick(graph.nodes).id
            let old = LegacyRadialSVGWriter(options: options).write(graph, center: center)
            #expect(RadialSVGWriter(options: options).write(graph, center: center) == old, "round \(round)")
            compared += 1
        }
        #expect(compared == 300)
    }

    /// Pictures drawn with the looks of a whole graph (`NodeLooks`, made once, as a site makes
    /// them) are the pictures of the same nodes given as their own parts (`Picture`, whose
    /// labels and links are made for it alone): random selections of a random graph's nodes,
    /// in any order, with hostile names and links, a climb written before each link, and the
    /// options the looks depend on.
    @Test func wholeGraphLooksDrawAsAPicturesOwn() {
        var random = SplitMix(state: 77_031)
        var compared = 0, linked = 0
        for round in 0..<400 {
            let graph = Self.graph(&random)
            var options = Self.options(&random, graph: graph)
            options.hrefPrefix = random.pick(["", "../", "../../", "a&b\"/", "\u{FFFF}x/"])
            let hrefs: [String?] = graph.nodes.indices.map { k in
                random.chance(25) ? nil : random.pick(["../\(k)/index.html", "a?b=1&c='2'", "q\"<>\n\t", "한글/ page/", "\u{FFFE}#\(k)"])
            }
            let kinds = graph.nodes.map(\.id.kind), labels = graph.nodes.map(\.label)
            let looks = RadialSVGWriter.NodeLooks(kinds: kinds, labels: labels, hrefs: hrefs, options: options)
            // Some of the nodes, shuffled; edges among them by position, some both ways.
            let nodes = Array(graph.nodes.indices.filter { _ in random.chance(70) }.shuffled(using: &random).prefix(14))
            guard !nodes.isEmpty else { continue }
            var edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double)] = []
            for _ in 0..<random.below(3 * nodes.count + 1) {
                let a = random.below(nodes.count), b = random.below(nodes.count)
                edges.append((a, b, random.pick(EdgeKind.allCases), random.pick(Self.weights)))
                if random.chance(30) { edges.append((b, a, edges.last!.kind, random.pick(Self.weights))) }
            }
            let center = random.below(nodes.count)
            let writer = RadialSVGWriter(options: options)
            let drawn = writer.write(RadialSVGWriter.Selection(nodes: nodes, edges: edges, center: center), looks: looks)
            var own = options
            own.nodeHrefs = nodes.map { k in hrefs[k].map { options.hrefPrefix + $0 } }
            own.hrefPrefix = ""
            let picture = RadialSVGWriter.Picture(kinds: nodes.map { kinds[$0] }, labels: nodes.map { labels[$0] }, edges: edges, center: center)
            #expect(drawn == RadialSVGWriter(options: own).write(picture), "round \(round)")
            #expect(writer.writeBytes(RadialSVGWriter.Selection(nodes: nodes, edges: edges, center: center), looks: looks) == Array(drawn.utf8))
            compared += 1
            if drawn.contains("xlink:href") { linked += 1 }
        }
        #expect(compared > 300 && linked > 200, "\(compared) compared, \(linked) with links")
    }

    /// The fixtures' local graphs around every node, as the site draws them.
    @Test func fixturesDrawTheSame() {
        for graph in [Fixtures.study, Fixtures.hostile, Fixtures.controls] {
            for (k, node) in graph.nodes.enumerated() {
                guard let local = graph.localGraph(of: node.id, limit: 12) else { continue }
                var options = RadialSVGWriter.Options()
                options.title = node.label
                if k % 2 == 0 { options.nodeHrefs = local.nodes.map { "p/\($0.id.key)/" } } else {
                    for n in local.nodes { options.hrefs[n.id] = "p/\(n.label)/" }
                }
                #expect(RadialSVGWriter(options: options).write(local, center: node.id)
                            == LegacyRadialSVGWriter(options: options).write(local, center: node.id), "\(node.id)")
            }
        }
    }

    @Test func ringDirectionsFromTheTableAreComputedOnes() {
        for count in 1...(RadialSVGWriter.maxCachedRing + 2) {
            for k in 0..<count {
                let cached = RadialSVGWriter.direction(k, of: count), computed = RadialSVGWriter.computedDirection(k, of: count)
                #expect(cached.x.bitPattern == computed.x.bitPattern && cached.y.bitPattern == computed.y.bitPattern)
            }
        }
    }

    @Test func textWidthFromBytesIsTheScalarSum() {
        for text in Self.pieces + ["", "a", "한글", "🇰🇷👨‍👩‍👧‍👦", "\u{10FFFF}\u{E0100}x", String(repeating: "ab가", count: 50)] {
            var ems = 0.0
            for scalar in text.unicodeScalars { ems += RadialSVGWriter.ems(of: scalar.value) }
            #expect(RadialSVGWriter.textWidth(text, fontSize: 12) == (ems * 12).rounded(.up), "\(text)")
        }
    }
}
