import Foundation
import GraphExport
import KnowledgeGraph
import Testing

@Suite struct DOTWriterTests {
    static func options(_ configure: (inout DOTWriter.Options) -> Void) -> DOTWriter.Options {
        var options = DOTWriter.Options()
        configure(&options)
        return options
    }

    /// Every variant the command line and the site produce.
    static let variants: [(name: String, options: DOTWriter.Options)] = [
        ("default", DOTWriter.Options()),
        ("folders", options { $0.clustering = .folder }),
        ("tags", options { $0.clustering = .tag; $0.links = .prefix("https://me.github.io/노트/") }),
        ("site", options {
            $0.legend = false
            $0.edgeTooltips = false
            $0.links = .none
            $0.mergeReciprocal = true
            $0.graphAttributes = [.init("bgcolor", "transparent"), .init("rankdir", "LR")]
        }),
        ("local", options {
            $0.focus = NodeID(.note, "ml/vae.md")
            $0.layout = "twopi"
            $0.mergeReciprocal = true
            $0.legend = false
            $0.graphAttributes = [.init("overlap", "prism"), .init("sep", "+4")]
        }),
    ]

    static let graphs: [(name: String, graph: Graph)] = [("study", Fixtures.study), ("hostile", Fixtures.hostile), ("controls", Fixtures.controls), ("empty", Graph())]

    @Test(arguments: ["dot", "neato", "fdp", "sfdp", "twopi"])
    func graphvizReadsEveryExportWithoutAWarning(engine: String) throws {
        for (graphName, graph) in Self.graphs {
            for (variant, options) in Self.variants {
                let dot = DOTWriter(options: options).write(graph)
                let run = try Tool.graphviz(dot, engine: engine)
                #expect(run.status == 0, "\(engine) failed on \(graphName)/\(variant): \(run.stderr)")
                #expect(run.stderr.isEmpty, "\(engine) warned on \(graphName)/\(variant): \(run.stderr)")
                #expect(run.stdout.contains("</svg>"))
            }
        }
    }

    @Test func layoutAttributeIsHonoured() throws {
        for layout in ["dot", "neato", "fdp", "sfdp"] {
            let dot = DOTWriter(options: Self.options { $0.layout = layout; $0.clustering = .folder }).write(Fixtures.study)
            #expect(dot.contains("layout=\"\(layout)\""))
            let run = try Tool.graphviz(dot)
            #expect(run.status == 0 && run.stderr.isEmpty, "\(layout): \(run.stderr)")
        }
    }

    @Test func bigGraphLaysOutWithSfdp() throws {
        let dot = DOTWriter(options: Self.options { $0.layout = "sfdp"; $0.graphAttributes = [.init("overlap", "prism")] }).write(Fixtures.big)
        let run = try Tool.graphviz(dot)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
    }

    @Test func hostileNamesSurviveIntoTheSVG() throws {
        let run = try Tool.graphviz(DOTWriter().write(Fixtures.hostile))
        // One SVG node per graph node: no name split a statement or merged two nodes.
        let nodeGroups = run.stdout.components(separatedBy: "class=\"node ").count - 1
        #expect(nodeGroups == Fixtures.hostile.nodes.count)
        #expect(run.stdout.contains("그래프"))
        #expect(run.stdout.contains("&lt;b&gt;"))
        #expect(run.stdout.contains("🎉 party 🧠"))
        #expect(run.stdout.contains("a &amp; b &amp;amp; c"))
        #expect(run.stdout.contains("\\N \\G \\L"))
    }

    @Test func quotingAndEscaping() {
        let dot = DOTWriter().write(Fixtures.hostile)
        #expect(dot.contains(#""note:a\"b" ["#))
        #expect(dot.contains(#""concept:back\\slash" ["#))
        #expect(dot.contains(#""tag:<b>" ["#))
        #expect(dot.contains(#""note:node" ["#))
        #expect(dot.contains(#""concept:line\nbreak" [label="line break""#))
        #expect(dot.contains("\"tag:nul\u{FFFD}bell\u{FFFD}\" [label=\"nul bell\""))
        #expect(dot.contains(#"label="a &amp; b &amp;amp; c""#))
        #expect(!dot.contains("\u{0}"))
        #expect(!dot.contains("\u{7}"))
        // No raw newline inside any statement: one per line.
        for line in dot.split(separator: "\n") {
            #expect(line.hasSuffix(";") || line.hasSuffix("{") || line == "}", "\(line)")
        }
    }

    @Test func stylesByKindAndWeight() {
        let dot = DOTWriter().write(Fixtures.study)
        #expect(dot.contains(#""note:ml/vae.md" [label="변분 오토인코더 (Variational…" tooltip="변분 오토인코더 (Variational Autoencoder) 정리" URL="ml/vae/" class="ng-node ng-note"];"#))
        #expect(dot.contains(#"class="ng-node ng-concept" shape=ellipse"#))
        #expect(dot.contains(#"class="ng-node ng-tag" shape=box style="rounded,filled,dashed""#))
        // Weight 40 is bounded at 4; weight 2 gets one point more than weight 1.
        #expect(dot.contains(##""note:ml/elbo.md" -> "concept:kl divergence" [class="ng-edge ng-mentions" style="dashed" color="#8c959f" arrowhead="vee" penwidth="4""##))
        #expect(dot.contains(##""note:ml/vae.md" -> "note:ml/elbo.md" [class="ng-edge ng-links" penwidth="2" tooltip"##))
        // The commonest kinds (notes, links) are drawn by the defaults.
        #expect(dot.contains(##"node [fontname="Noto Sans CJK KR,sans-serif" fontsize=11 margin="0.12,0.05" height="0.3" shape=box style="rounded,filled" fillcolor="#dbe7fb" color="#2f6fd6"];"##))
        #expect(dot.contains(##"edge [fontname="Noto Sans CJK KR,sans-serif" fontsize=11 arrowsize="0.6" style="solid" color="#6e7781" arrowhead="normal" penwidth="1"];"##))
        #expect(dot.contains(#"tooltip="ELBO → KL Divergence: mentions ×40""#))
        #expect(dot.contains("label=<<TABLE"))
        #expect(dot.contains("fontname=\"Noto Sans CJK KR,sans-serif\""))
        // A concept without a page gets no URL.
        #expect(dot.contains(#""concept:kl divergence" [label="KL Divergence" tooltip="KL Divergence" class"#))
    }

    @Test func focusNodeIsTheRootAndOtherEdgesFade() {
        var options = DOTWriter.Options()
        options.focus = NodeID(.note, "ml/elbo.md")
        let dot = DOTWriter(options: options).write(Fixtures.study)
        #expect(dot.contains(#"outputorder="edgesfirst" root="note:ml/elbo.md"];"#))
        #expect(dot.contains(#"class="ng-node ng-note ng-center""#))
        #expect(dot.contains(##""note:index.md" -> "note:ml/vae.md" [class="ng-edge ng-links ng-faint" color="#6e778166" tooltip"##))
        #expect(dot.contains(##""note:ml/elbo.md" -> "note:ml/vae.md" [class="ng-edge ng-links" "##))
    }

    @Test func reciprocalEdgesMerge() {
        var options = DOTWriter.Options()
        options.mergeReciprocal = true
        let dot = DOTWriter(options: options).write(Fixtures.study)
        #expect(dot.contains(##""note:ml/elbo.md" -> "note:ml/vae.md" [class="ng-edge ng-links" dir="both" arrowtail="normal" penwidth="2.58" tooltip="ELBO ↔ 변분 오토인코더 (Variational Autoencoder) 정리: links ×3"]"##))
        #expect(!dot.contains(#""note:ml/vae.md" -> "note:ml/elbo.md""#))
        #expect(dot.components(separatedBy: " -> ").count - 1 == Fixtures.study.edges.count - 1)
    }

    @Test func urlsArePrefixedAndEncoded() {
        let dot = DOTWriter(options: Self.options { $0.links = .prefix("../") }).write(Fixtures.hostile)
        #expect(dot.contains(#"URL="../p/a%22b/""#))
        #expect(dot.contains(#"URL="../p/%EA%B7%B8%EB%9E%98%ED%94%84/""#))
        let explicit = DOTWriter(options: Self.options { $0.links = .explicit([NodeID(.note, "index.md"): "../index.html"]) }).write(Fixtures.study)
        #expect(explicit.components(separatedBy: "URL=").count == 2)
    }

    @Test func clustersNestByFolder() {
        let dot = DOTWriter(options: Self.options { $0.clustering = .folder }).write(Fixtures.study)
        #expect(dot.contains(#"subgraph "cluster_1" {"#))
        #expect(dot.contains(#"graph [label="basics" tooltip="basics""#))
        let tags = DOTWriter(options: Self.options { $0.clustering = .tag }).write(Fixtures.study)
        #expect(tags.contains(##"graph [label="#생성모델""##))
    }

    @Test func sameGraphSameBytes() {
        for (_, graph) in Self.graphs {
            for (_, options) in Self.variants {
                #expect(DOTWriter(options: options).write(graph) == DOTWriter(options: options).write(graph))
            }
        }
        // Built from the same parts in another order: same graph, same text.
        let g = Fixtures.study
        let shuffled = Graph(nodes: g.nodes.reversed(), edges: g.edges.reversed().map { (g.nodes[$0.source].id, g.nodes[$0.target].id, $0.kind, $0.weight, $0.anchor) })
        #expect(DOTWriter().write(shuffled) == DOTWriter().write(g))
    }

    @Test func goldenFiles() throws {
        for (graphName, graph) in Self.graphs where graphName != "empty" {
            for (variant, options) in Self.variants {
                try Golden.check(DOTWriter(options: options).write(graph), named: "\(graphName)-\(variant).dot")
            }
        }
    }
}

@Suite struct DisplayLabelTests {
    @Test func shortensByCharacter() {
        #expect(DisplayLabel.shortened("short") == "short")
        let korean = "조합형 한글 아주 긴 이름이 스물네 글자를 넘어서 잘려야 한다"
        let cut = DisplayLabel.shortened(korean)
        #expect(cut.count <= 24)
        #expect(cut.hasSuffix("…"))
        #expect(korean.hasPrefix(String(cut.dropLast())))
        // Decomposed Hangul (NFD) is cut between syllables too: every syllable is one Character.
        let jamo = "가나다라마바사아자차카타파하가나다라마바사아자차카타".decomposedHangul
        let jamoCut = DisplayLabel.shortened(jamo, maxLength: 10)
        #expect(jamoCut.count == 10)
        #expect(jamo.hasPrefix(String(jamoCut.dropLast())))
        let family = "👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦"
        #expect(DisplayLabel.shortened(family, maxLength: 3) == "👨‍👩‍👧‍👦👨‍👩‍👧‍👦…")
    }

    @Test func cutsAtASpaceWhenNear() {
        #expect(DisplayLabel.shortened("Variational Autoencoder and friends", maxLength: 24) == "Variational Autoencoder…")
        #expect(DisplayLabel.shortened("Supercalifragilisticexpialidocious", maxLength: 10) == "Supercali…")
    }

    @Test func oneLine() {
        #expect(DisplayLabel.singleLine("  a\n\tb\u{0}c  ") == "a b c")
        #expect(DisplayLabel.shortened("\n\n") == "")
    }
}

extension String {
    /// NFD for Hangul syllables, by the Unicode formula.
    var decomposedHangul: String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            let s = Int(scalar.value) - 0xAC00
            guard s >= 0, s < 11172 else {
                out.append(scalar)
                continue
            }
            out.append(Unicode.Scalar(UInt32(0x1100 + s / 588))!)
            out.append(Unicode.Scalar(UInt32(0x1161 + (s % 588) / 28))!)
            if s % 28 != 0 { out.append(Unicode.Scalar(UInt32(0x11A7 + s % 28))!) }
        }
        return String(out)
    }
}
