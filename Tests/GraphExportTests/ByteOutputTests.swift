@testable import GraphExport
import KnowledgeGraph
import Testing
import TestSupport

/// The writers' bytes (`writeBytes`, what the site and `notegraph graph` write to files) against
/// their text (`write`), and the escaping of each awkward character, checked on the bytes: a
/// `String` comparison would take decomposed Hangul for composed, and the files must not.
@Suite struct ByteOutputTests {
    static let graphs: [(name: String, graph: Graph)] = [
        ("study", Fixtures.study), ("hostile", Fixtures.hostile), ("controls", Fixtures.controls), ("big", Fixtures.big), ("empty", Graph()),
    ]

    @Test func dotBytesAreTheText() {
        for (name, graph) in Self.graphs {
            for (variant, options) in DOTWriterTests.variants {
                let writer = DOTWriter(options: options)
                #expect(writer.writeBytes(graph) == Array(writer.write(graph).utf8), "\(name)/\(variant)")
            }
        }
    }

    @Test(arguments: [true, false])
    func jsonBytesAreTheText(pretty: Bool) {
        for (name, graph) in Self.graphs {
            var options = JSONGraphWriter.Options()
            options.pretty = pretty
            let writer = JSONGraphWriter(options: options)
            #expect(writer.writeBytes(graph) == Array(writer.write(graph).utf8), "\(name)")
        }
    }

    @Test func graphMLBytesAreTheText() {
        for (name, graph) in Self.graphs {
            #expect(GraphMLWriter().writeBytes(graph) == Array(GraphMLWriter().write(graph).utf8), "\(name)")
        }
    }

    /// Whether `bytes` hold the UTF-8 of `text`.
    static func has(_ bytes: [UInt8], _ text: String) -> Bool {
        bytes.firstRange(of: Array(text.utf8)) != nil
    }

    @Test func jsonEscapes() {
        var options = JSONGraphWriter.Options()
        options.pretty = false
        let json = JSONGraphWriter(options: options).writeBytes(Fixtures.controls)
        // C0 controls and DEL as \u escapes; U+2028/U+2029 too, for JavaScript.
        #expect(Self.has(json, #""label":"C0 \u0001\u001b\u001f end""#))
        #expect(Self.has(json, #""label":"del\u007f""#))
        #expect(Self.has(json, #""label":"cr\r\nlf""#))
        #expect(Self.has(json, #""label":"tab\tin""#))
        #expect(Self.has(json, #""label":"ls\u2028ps\u2029""#))
        #expect(Self.has(json, #""label":"quote \" back \\ amp & lt < gt > apos '""#))
        #expect(Self.has(json, #""tags":["nul\u0000","plain"]"#))
        // Everything else as it is: C1 controls, noncharacters, their lead bytes' neighbours.
        #expect(Self.has(json, "\"label\":\"c1 \u{80}\u{85}\u{9F} end\""))
        #expect(Self.has(json, "\"label\":\"nonchars\u{FFFE}\u{FFFF}\""))
        #expect(Self.has(json, "\"label\":\"bom\u{FEFF}fffd\u{FFFD}\""))
        #expect(Self.has(json, "\"label\":\"nbsp\u{A0}and ©\""))
        #expect(Self.has(json, "\"label\":\"euro € dash — …\""))
        #expect(Self.has(json, "\"label\":\"emoji 👩🏽‍💻 🇰🇷\""))
        #expect(Self.has(json, "\"label\":\"\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}\""))
    }

    @Test func graphMLEscapes() {
        let xml = GraphMLWriter().writeBytes(Fixtures.controls)
        // Text keeps tab and newline, writes CR as a reference, and drops what XML cannot hold.
        #expect(Self.has(xml, "<data key=\"label\">tab\tin</data>"))
        #expect(Self.has(xml, "<data key=\"label\">cr&#13;\nlf</data>"))
        #expect(Self.has(xml, "<data key=\"label\">del</data>"))
        #expect(Self.has(xml, "<data key=\"label\">nul</data>"))
        #expect(Self.has(xml, "<data key=\"label\">nonchars</data>"))
        #expect(Self.has(xml, "<data key=\"label\">at the end </data>"))
        #expect(Self.has(xml, "<data key=\"label\">bom\u{FEFF}fffd\u{FFFD}</data>"))
        #expect(Self.has(xml, "<data key=\"label\">c1 \u{80}\u{85}\u{9F} end</data>"))
        #expect(Self.has(xml, "<data key=\"label\">&amp;amp; &amp;lt;</data>"))
        // Attributes write tab, newline and CR as references, and quotes as &quot;.
        #expect(Self.has(xml, "<node id=\"tag:tab&#9;in\">"))
        #expect(Self.has(xml, "<node id=\"note:cr&#13;&#10;lf\">"))
        #expect(Self.has(xml, "<node id=\"note:&quot;\">"))
        // Lists are JSON text, then escaped as XML: JSON's escapes stay, noncharacters go.
        #expect(Self.has(xml, #"<data key="tags">["quote \" back \\ amp &amp; lt &lt; gt &gt; apos '","plain"]</data>"#))
        #expect(Self.has(xml, #"<data key="tags">["nul\u0000","plain"]</data>"#))
        #expect(Self.has(xml, #"<data key="tags">["nonchars","plain"]</data>"#))
        #expect(Self.has(xml, #"<data key="aliases">["nul\u0000 alias",""]</data>"#))
    }

    @Test func dotEscapes() {
        let dot = DOTWriter().writeBytes(Fixtures.controls)
        // Ids show control characters as \u{…} text and keep everything else.
        #expect(Self.has(dot, #""concept:c1 \u{80}\u{85}\u{9f} end" [label="c1 end""#))
        #expect(Self.has(dot, #""concept:del\u{7f}" [label="del""#))
        #expect(Self.has(dot, #""note:cr\u{d}\nlf" [label="cr lf""#))
        #expect(Self.has(dot, "\"note:nonchars\u{FFFD}\u{FFFD}\" [label=\"nonchars\u{FFFE}\u{FFFF}\""))
        // Labels and tooltips: quotes and backslashes escaped, `&` as an entity.
        #expect(Self.has(dot, #"tooltip="quote \" back \\ amp &amp; lt < gt > apos '""#))
        #expect(Self.has(dot, #"[label="&amp;amp; &amp;lt;" tooltip="&amp;amp; &amp;lt;""#))
        // URLs are percent-encoded, C1 controls and CR included.
        #expect(Self.has(dot, #"URL="p/c1%20%C2%80%C2%85%C2%9F%20end/""#))
        #expect(Self.has(dot, #"URL="p/cr%0D%0Alf/""#))
        // Edge tooltips: both labels, the kind and the weight in its shortest form.
        #expect(Self.has(dot, "links ×3e+20\"]"))
        #expect(Self.has(dot, "×1e-07\"]"))
        #expect(Self.has(dot, "×1234567.25\"]"))
        #expect(Self.has(dot, "×0\"]"))
        #expect(!dot.contains(0) && !dot.contains(0x7F) && !dot.contains(0x0D))
    }

    @Test func numbersAsBytes() {
        let numbers: [Double] = [0, -0.0, 1, -1, 2.5, -2.5, 0.1, 1e-7, 1_234_567.25, 999_999_999_999_999, 1e15, -1e15, 3e20,
                                 .nan, .infinity, -.infinity, .pi, Double(Int64.max), Double.ulpOfOne]
        for x in numbers {
            var out = ByteBuffer()
            NumberText.exact(x, into: &out)
            #expect(out.string == NumberText.exact(x), "\(x)")
        }
        for x in numbers + [0.005, 0.015, 1.995, -0.004, 12.5, 2.58496250072, 1e15 - 0.5, -1e16, 99.999] {
            for digits in 0...3 {
                var out = ByteBuffer()
                NumberText.fixed(x, digits: digits, into: &out)
                #expect(out.string == NumberText.fixed(x, digits: digits), "\(x) \(digits)")
            }
        }
        #expect(NumberText.fixed(0.05, digits: 2) == "0.05")
        #expect(NumberText.fixed(2.5, digits: 2) == "2.5")
        #expect(NumberText.fixed(-0.001, digits: 2) == "0")
        #expect(NumberText.fixed(1.999, digits: 2) == "2")
        #expect(NumberText.fixed(.nan, digits: 2) == "0")
        for n: Int64 in [0, 7, -7, 9, 10, -10, 99, 100, -1, 1_000_000, 999_999_999_999_999, .max, .min, .max - 1, .min + 1] {
            var out = ByteBuffer()
            out.append(integer: n)
            #expect(out.string == String(n))
            // After other bytes, which stay as they are.
            out.append(string: "x,")
            out.append(integer: n)
            #expect(out.string == "\(n)x,\(n)")
        }
    }

    /// Weights at their longest and oddest, for the data files' edges, which are written into
    /// room reserved for their longest form.
    static let extremeWeights: [Double] = [1, 2, 0.5, -1, -2.25, 1e15, -1e15, 999_999_999_999_999, 1e300, -1.7976931348623157e308,
                                           -2.2250738585072014e-308, 5e-324, 0.1 + 0.2, 1 / 3, .nan, .infinity, -.infinity, -0.0]

    /// A random graph with hostile, Korean and very long names, anchors and `extremeWeights`.
    static func extremeGraph(_ random: inout SplitMix) -> Graph {
        let count = 1 + random.below(12)
        let nodes = (0..<count).map { k in
            let label = (0..<(1 + random.below(4))).map { _ in random.pick(RadialSVGWriterEquivalenceTests.pieces) }.joined(separator: " ")
            let long = random.chance(10) ? String(repeating: "변분 \"<&>\" ", count: 40) : ""
            return Node(id: NodeID(random.pick(NodeKind.allCases), "k\(k)\(long)\(label)"), label: long + label, url: "u/\(k)/")
        }
        var edges: [Fixtures.EdgeSpec] = []
        for _ in 0..<random.below(4 * count) {
            let anchor: String? = random.chance(30) ? random.pick(["sec", "a&b\"<", "절 1"]) : nil
            edges.append((random.pick(nodes).id, random.pick(nodes).id, random.pick(EdgeKind.allCases), random.pick(extremeWeights), anchor))
        }
        return Graph(nodes: nodes, edges: edges)
    }

    /// GraphML edges are written in one reservation each; each must be what its pieces,
    /// escaped and formatted one by one as `String`s, make.
    @Test func graphMLEdgesAreTheirPieces() {
        var random = SplitMix(state: 0x6A9E)
        for round in 0..<200 {
            let graph = Self.extremeGraph(&random)
            let text = GraphMLWriter().write(graph)
            var from = text.startIndex
            for (i, edge) in graph.edges.enumerated() {
                let source = TextEscaping.xml(NodeIdentifier.of(graph.nodes[edge.source].id), attribute: true)
                let target = TextEscaping.xml(NodeIdentifier.of(graph.nodes[edge.target].id), attribute: true)
                var expected = "    <edge id=\"e\(i)\" source=\"\(source)\" target=\"\(target)\">\n"
                expected += "      <data key=\"edge_kind\">\(edge.kind.rawValue)</data>\n"
                expected += "      <data key=\"weight\">\(NumberText.exact(edge.weight))</data>\n"
                if let anchor = edge.anchor { expected += "      <data key=\"anchor\">\(TextEscaping.xml(anchor, attribute: false))</data>\n" }
                expected += "    </edge>\n"
                guard let found = text.range(of: expected, range: from..<text.endIndex) else {
                    Issue.record("round \(round): edge \(i) is not \(expected)")
                    break
                }
                from = found.upperBound
            }
        }
    }

    /// DOT edges are written in one reservation each: with the longest labels and numbers the
    /// debug writer asserts they stay within it, and each tooltip's weight is its exact form.
    @Test func dotEdgesWithExtremeWeights() {
        var random = SplitMix(state: 0xD07)
        var weights = 0
        for _ in 0..<200 {
            let graph = Self.extremeGraph(&random)
            for (_, options) in DOTWriterTests.variants {
                let text = DOTWriter(options: options).write(graph)
                for edge in graph.edges where edge.weight != 1 && edge.source != edge.target && text.contains(" ×") {
                    if text.contains(" ×\(NumberText.exact(edge.weight))\"") { weights += 1 }
                }
            }
        }
        #expect(weights > 100)
    }

    /// `exact` through a writer is `exact` through a buffer and as a `String`.
    @Test func exactThroughAWriter() {
        for x in Self.extremeWeights + [.pi, .ulpOfOne, .leastNormalMagnitude, -.greatestFiniteMagnitude, 123.456e-300] {
            var out = ByteBuffer()
            out.write(atMost: NumberText.longestFixed) { NumberText.exact(x, into: &$0) }
            #expect(out.string == NumberText.exact(x), "\(x)")
        }
    }

    /// The streamed document and a `JSONValue` with the same content give the same bytes.
    @Test func jsonStreamLaysOutAsJSONValue() {
        let value: JSONValue = .object([
            ("a", .array([])), ("b", .object([])), ("c", .array([.string("x\u{2028}"), .number(0.5), .null, .bool(false)])),
            ("d", .object([("e", .object([("f", .array([.array([])]))]))])),
        ])
        for pretty in [true, false] {
            var json = JSONStream(pretty: pretty)
            json.begin("{")
            json.key("a")
            json.strings([])
            json.key("b")
            json.begin("{")
            json.end("}")
            json.key("c")
            json.begin("[")
            json.item()
            json.string("x\u{2028}")
            json.item()
            json.number(0.5)
            json.item()
            json.out.append("null")
            json.item()
            json.out.append("false")
            json.end("]")
            json.key(text: "d")
            json.begin("{")
            json.key("e")
            json.begin("{")
            json.key("f")
            json.begin("[")
            json.item()
            json.begin("[")
            json.end("]")
            json.end("]")
            json.end("}")
            json.end("}")
            json.end("}")
            json.out.append("\n")
            #expect(json.out.string == value.serialized(pretty: pretty))
        }
    }
}
