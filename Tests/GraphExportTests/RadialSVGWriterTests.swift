import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import GraphExport
import KnowledgeGraph
import Testing
import TestSupport

@Suite struct RadialSVGWriterTests {
    static let center = NodeID(.note, "ml/vae.md")

    static func write(_ graph: Graph, center: NodeID = center, hrefs: [NodeID: String] = [:]) throws -> String {
        var options = RadialSVGWriter.Options()
        options.title = "Local graph of <VAE> & \"friends\""
        options.hrefs = hrefs
        return try #require(RadialSVGWriter(options: options).write(graph, center: center))
    }

    /// The boxes the picture draws, read back from its markup: (x, y, half width, half height).
    static func boxes(in svg: String) -> [(x: Double, y: Double, hw: Double, hh: Double)] {
        var boxes: [(x: Double, y: Double, hw: Double, hh: Double)] = []
        let ellipse = try! NSRegularExpression(pattern: #"<ellipse cx="([-0-9.]+)" cy="([-0-9.]+)" rx="([0-9.]+)" ry="([0-9.]+)""#)
        let box = try! NSRegularExpression(pattern: #"<rect x="([-0-9.]+)" y="([-0-9.]+)" width="([0-9.]+)" height="([0-9.]+)""#)
        let range = NSRange(svg.startIndex..., in: svg)
        func number(_ m: NSTextCheckingResult, _ k: Int) -> Double { Double(svg[Range(m.range(at: k), in: svg)!])! }
        for m in ellipse.matches(in: svg, range: range) {
            boxes.append((number(m, 1), number(m, 2), number(m, 3), number(m, 4)))
        }
        for m in box.matches(in: svg, range: range) {
            let width = number(m, 3), height = number(m, 4)
            boxes.append((number(m, 1) + width / 2, number(m, 2) + height / 2, width / 2, height / 2))
        }
        return boxes
    }

    /// Coordinates are appended without a string each; they must read as `number` writes them.
    @Test func appendedNumbersMatchNumberText() {
        for x in [0.0, -0.0, 0.4, 0.5, -0.5, 1.5, -2.5, 2.49999, -17.5, 123.456, -0.2, 9.5, 10, -99.5, 1e14 + 0.5, 999_999_999_999_999,
                  1e20, -1e20, .nan, .infinity, -.infinity] {
            var out: [UInt8] = []
            RadialSVGWriter.put(x, &out)
            #expect(String(decoding: out, as: UTF8.self) == RadialSVGWriter.number(x), "\(x)")
        }
    }

    /// `put` rounds without libm; it must write what rounding with `rounded()` (half away from
    /// zero) wrote, for halves and their neighbours, both signs, every magnitude up to and past
    /// the 10^15 bound, and random doubles.
    @Test func putRoundsAsRounded() {
        func reference(_ x: Double) -> String {
            let rounded = x.rounded()
            guard x.isFinite, abs(rounded) < 1e15 else { return NumberText.fixed(x, digits: 0) }
            return String(Int64(rounded))
        }
        var samples: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 1e15, -1e15, 1e15 - 0.5, 1e15 - 1, 1e15 - 0.75, 4503599627370495.5,
                                 .nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for whole in [0.0, 1, 2, 7, 99, 1000, 123_456, 1e9, 1e14, 999_999_999_999_998] {
            for x in [whole + 0.5, whole - 0.5, whole + 0.49, whole + 0.51] {
                samples += [x, x.nextUp, x.nextDown, -x, -x.nextUp, -x.nextDown]
            }
        }
        var random = SplitMix(state: 0x9075)
        for _ in 0..<20_000 {
            let magnitude = Double(random.below(17))
            samples.append((Double(random.next() % 2_000_001) / 1_000_000 - 1) * pow(10, magnitude))
            samples.append(Double(bitPattern: random.next()))
        }
        for x in samples {
            var out: [UInt8] = []
            RadialSVGWriter.put(x, &out)
            #expect(String(decoding: out, as: UTF8.self) == reference(x), "\(x)")
        }
    }

    /// Links given by node index draw the same picture as links given by id.
    @Test func linksByIndexAreLinksByID() throws {
        let local = try #require(Fixtures.study.localGraph(of: Self.center, limit: 12))
        var byID: [NodeID: String] = [:]
        var byIndex: [String?] = []
        for (k, node) in local.nodes.enumerated() {
            let href = k % 3 == 0 ? nil : "../\(node.id.key)/index.html?a=1&b='2'"
            byIndex.append(href)
            if let href { byID[node.id] = href }
        }
        var options = RadialSVGWriter.Options()
        options.nodeHrefs = byIndex
        let indexed = try #require(RadialSVGWriter(options: options).write(local, center: Self.center))
        options.nodeHrefs = nil
        options.hrefs = byID
        #expect(indexed == RadialSVGWriter(options: options).write(local, center: Self.center))
        #expect(indexed.contains("&amp;b=&#39;2&#39;") || indexed.contains("&amp;b='2'"))
    }

    @Test func drawsEveryNodeAndEdgeOnce() throws {
        let local = try #require(Fixtures.study.localGraph(of: Self.center, limit: 12))
        let svg = try Self.write(local, hrefs: [NodeID(.note, "ml/elbo.md"): "../elbo/index.html"])
        #expect(svg.hasPrefix("<svg class=\"ng-graph-svg ng-graph-local\" width=\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.components(separatedBy: "class=\"node ng-node").count - 1 == local.nodes.count)
        #expect(svg.contains("<title id=\"ng-lg-title\">Local graph of &lt;VAE&gt; &amp; \"friends\"</title>"))
        #expect(svg.contains("class=\"node ng-node ng-note ng-center\""))
        #expect(svg.contains("<a xlink:href=\"../elbo/index.html\"><g class=\"node ng-node ng-note\">"))
        // vae ⇄ elbo links both ways: one line with two arrowheads.
        #expect(svg.contains("marker-start=\"url(#ng-lg-links)\""))
        #expect(svg.contains("<marker id=\"ng-lg-mentions\" class=\"ng-mentions\""))
        // Edges that do not touch the center are faint, and come first.
        if let faint = svg.range(of: "ng-faint"), let strong = svg.range(of: "class=\"edge ng-edge ng-links\"") {
            #expect(faint.lowerBound < strong.lowerBound)
        }
    }

    @Test func noTwoNodesOverlap() throws {
        // A hub with eleven neighbours of every label length, Korean and Latin.
        let names = ["VAE", "Evidence Lower Bound", "KL 발산", "쿨백-라이블러 발산 아주 긴 이름", "Reparameterization trick",
                     "GAN", "최대우도추정 (MLE)", "Batch Normalization", "드롭아웃", "ReLU", "Cross entropy"]
        let hub = NodeID(.concept, "hub")
        var nodes = [Node(id: hub, label: "Variational Autoencoder 중심")]
        var edges: [Fixtures.EdgeSpec] = []
        for (i, name) in names.enumerated() {
            let id = NodeID(i % 2 == 0 ? .note : .concept, name)
            nodes.append(Node(id: id, label: name))
            edges.append((id, hub, i % 2 == 0 ? .mentions : .related, Double(11 - i), nil))
        }
        let svg = try Self.write(Graph(nodes: nodes, edges: edges), center: hub)
        let boxes = Self.boxes(in: svg)
        #expect(boxes.count == 12)
        for (m, a) in boxes.enumerated() {
            for b in boxes[(m + 1)...] {
                let apart = abs(a.x - b.x) >= a.hw + b.hw || abs(a.y - b.y) >= a.hh + b.hh
                #expect(apart, "\(a) overlaps \(b)")
            }
        }
    }

    @Test func hostileNamesGiveWellFormedXML() throws {
        let graph = Fixtures.hostile
        for node in graph.nodes {
            guard let local = graph.localGraph(of: node.id, limit: 12) else { continue }
            var hrefs: [NodeID: String] = [:]
            for n in local.nodes { hrefs[n.id] = "p/\(n.id.key)/" }
            let svg = try Self.write(local, center: node.id, hrefs: hrefs)
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(node.id): \(parser.parserError.map { "\($0)" } ?? "")")
        }
    }

    @Test func sameGraphSameBytes() throws {
        let local = try #require(Fixtures.study.localGraph(of: Self.center, limit: 12))
        #expect(try Self.write(local) == (try Self.write(local)))
        #expect(RadialSVGWriter().write(local, center: NodeID(.note, "missing.md")) == nil)
    }

    /// `minScale` writes the least width the picture may shrink to (so a page can keep its
    /// labels legible on a phone and scroll instead); without it there is no style at all.
    @Test func minScaleWritesMinWidth() throws {
        let local = try #require(Fixtures.study.localGraph(of: Self.center, limit: 12))
        let plain = try Self.write(local)
        #expect(!plain.contains("style="))
        var options = RadialSVGWriter.Options()
        options.title = "Local graph of <VAE> & \"friends\""
        options.minScale = 0.8
        let svg = try #require(RadialSVGWriter(options: options).write(local, center: Self.center))
        let width = try #require(svg.firstMatch(of: /^<svg class="[^"]*" width="([0-9]+)"/)?.1)
        let expected = NumberText.fixed(Double(width)! * 0.8, digits: 0)
        #expect(svg.contains("viewBox=\"") && svg.contains("\" style=\"min-width:\(expected)px\" font-family=\""))
        // Only the start tag changes.
        #expect(svg.replacingOccurrences(of: " style=\"min-width:\(expected)px\"", with: "") == plain)
    }

    @Test func wholePixels() {
        #expect(NumberText.fixed(2.5, digits: 0) == "3")
        #expect(NumberText.fixed(-0.4, digits: 0) == "0")
        #expect(NumberText.fixed(-1.6, digits: 0) == "-2")
        #expect(NumberText.fixed(1.25, digits: 1) == "1.3")
        // Huge values used to overflow Int64 while scaling; they have no fraction to show.
        #expect(NumberText.fixed(1e20, digits: 1) == "1e+20")
        #expect(NumberText.fixed(-3e18, digits: 0) == "-3e+18")
    }

    @Test func textWidthCountsHangulWide() {
        #expect(RadialSVGWriter.textWidth("한글", fontSize: 10) == 20)
        #expect(RadialSVGWriter.textWidth("il", fontSize: 10) < RadialSVGWriter.textWidth("MW", fontSize: 10))
        #expect(RadialSVGWriter.textWidth("", fontSize: 10) == 0)
    }
}
