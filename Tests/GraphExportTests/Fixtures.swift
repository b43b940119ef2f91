import KnowledgeGraph

/// Graphs the export tests draw.
enum Fixtures {
    typealias EdgeSpec = (source: NodeID, target: NodeID, kind: EdgeKind, weight: Double, anchor: String?)

    /// A small study vault: notes in folders, concepts, tags, every edge kind.
    static let study: Graph = {
        let vae = NodeID(.note, "ml/vae.md"), elbo = NodeID(.note, "ml/elbo.md"), kl = NodeID(.note, "basics/kl-divergence.md")
        let home = NodeID(.note, "index.md")
        let cVAE = NodeID(.concept, "variational autoencoder"), cELBO = NodeID(.concept, "evidence lower bound")
        let cKL = NodeID(.concept, "kl divergence")
        let nodes = [
            Node(id: vae, label: "변분 오토인코더 (Variational Autoencoder) 정리", url: "ml/vae/", folder: "ml", tags: ["deep-learning", "생성모델"], aliases: ["VAE"]),
            Node(id: elbo, label: "ELBO", url: "ml/elbo/", folder: "ml", tags: ["생성모델"]),
            Node(id: kl, label: "KL 발산", url: "basics/kl-divergence/", folder: "basics", tags: ["확률"]),
            Node(id: home, label: "딥러닝 스터디 노트", url: "", folder: ""),
            Node(id: cVAE, label: "Variational Autoencoder", url: "concepts/variational-autoencoder/", aliases: ["VAE"]),
            Node(id: cELBO, label: "Evidence Lower Bound", url: "concepts/evidence-lower-bound/", aliases: ["ELBO"]),
            Node(id: cKL, label: "KL Divergence", aliases: ["KL 발산"]),
            Node(id: NodeID(.tag, "deep-learning"), label: "#deep-learning"),
            Node(id: NodeID(.tag, "생성모델"), label: "#생성모델"),
            Node(id: NodeID(.tag, "확률"), label: "#확률"),
        ]
        let edges: [EdgeSpec] = [
            (home, vae, .links, 1, nil), (home, kl, .links, 1, nil),
            (vae, elbo, .links, 2, nil), (elbo, kl, .links, 1, nil), (elbo, vae, .links, 1, nil),
            (vae, cVAE, .defines, 1, "variational-autoencoder-vae"), (elbo, cELBO, .defines, 1, "elbo"), (kl, cKL, .defines, 1, nil),
            (vae, cELBO, .mentions, 6, nil), (vae, cKL, .mentions, 3, nil), (elbo, cKL, .mentions, 40, nil),
            (cVAE, cELBO, .related, 2, nil), (cELBO, cKL, .related, 1, nil),
            (vae, NodeID(.tag, "deep-learning"), .tagged, 1, nil), (vae, NodeID(.tag, "생성모델"), .tagged, 1, nil),
            (elbo, NodeID(.tag, "생성모델"), .tagged, 1, nil), (kl, NodeID(.tag, "확률"), .tagged, 1, nil),
        ]
        return Graph(nodes: nodes, edges: edges)
    }()

    /// Names that break naive writers: quotes, backslashes, markup, DOT keywords, Korean, a
    /// newline, emoji, control characters, a trailing backslash.
    static let hostile: Graph = {
        let names = ["a\"b", "back\\slash", "<b>", "node", "graph", "edge", "strict", "subgraph", "digraph", "그래프",
                     "line\nbreak", "🎉 party 🧠", "ends with \\", "tab\there", "nul\u{0}bell\u{7}", "a & b &amp; c",
                     "\\N \\G \\L", "-> --", "{ } [ ] ; = , :", "조합형 한글 아주 긴 이름이 스물네 글자를 넘어서 잘려야 한다",
                     "👨‍👩‍👧‍👦 family 👍🏽 thumbs and more text here", "<<html>>", "\"quoted\"", "", " "]
        var nodes: [Node] = []
        for (i, name) in names.enumerated() {
            let kind: NodeKind = [.note, .concept, .tag][i % 3]
            nodes.append(Node(id: NodeID(kind, name), label: name, url: kind == .tag ? nil : "p/\(name)/",
                              folder: kind == .note ? "폴더/\(name)" : nil, tags: kind == .note ? [name] : [], aliases: [name + " alias"]))
        }
        var edges: [EdgeSpec] = []
        for (i, a) in nodes.enumerated() {
            let b = nodes[(i * 7 + 3) % nodes.count]
            guard a.id != b.id else { continue }
            edges.append((a.id, b.id, EdgeKind.allCases[i % EdgeKind.allCases.count], Double(i % 4) + 0.5, i % 2 == 0 ? "anchor \"\(i)\"" : nil))
        }
        return Graph(nodes: nodes, edges: edges)
    }()

    /// Each character the escapers treat specially, and its neighbours that they must leave
    /// alone, in every place a name goes (ids, labels, URLs, folders, tags, aliases, anchors):
    /// C0 and C1 controls, DEL, CR, U+2028/U+2029, U+FFFE/U+FFFF beside U+FFFD and U+FEFF (same
    /// lead byte), U+00A0 and `€` (the lead bytes of C1 controls and of U+2028), markup, quotes,
    /// backslashes, Hangul composed and decomposed, emoji; odd weights too.
    static let controls: Graph = {
        let names = ["C0 \u{1}\u{1B}\u{1F} end", "del\u{7F}", "cr\r\nlf", "tab\tin", "nul\u{0}", "c1 \u{80}\u{85}\u{9F} end",
                     "nbsp\u{A0}and ©", "ls\u{2028}ps\u{2029}", "euro € dash — …", "bom\u{FEFF}fffd\u{FFFD}",
                     "nonchars\u{FFFE}\u{FFFF}", "at the end \u{FFFE}", "\u{85}", "\u{2028}", "x\u{9F}", "\u{FFFF}",
                     "quote \" back \\ amp & lt < gt > apos '", "\\", "\"", "&amp; &lt;", "한글 이름", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}",
                     "emoji 👩🏽‍💻 🇰🇷", "%41 percent and space", "{curly} [sq] <ang> ^caret `tick` |pipe|"]
        var nodes: [Node] = []
        for (i, name) in names.enumerated() {
            let kind: NodeKind = [.note, .concept, .note, .tag][i % 4]
            nodes.append(Node(id: NodeID(kind, name), label: name, url: kind == .tag ? nil : "p/\(name)/",
                              folder: kind == .note ? "폴더/\(name)" : nil, tags: kind == .note ? [name, "plain"] : [],
                              aliases: i % 2 == 0 ? [name + " alias", ""] : []))
        }
        let weights: [Double] = [1, 2, 0.5, 1e-7, 1_234_567.25, 3e20, .nan, -.infinity, -2.5, 40]
        var edges: [EdgeSpec] = []
        for (i, a) in nodes.enumerated() {
            for step in [1, 5] {
                let b = nodes[(i + step) % nodes.count]
                edges.append((a.id, b.id, EdgeKind.allCases[(i + step) % EdgeKind.allCases.count], weights[(i + step) % weights.count],
                              i % 3 == 0 ? "anchor \(a.label)" : nil))
            }
        }
        return Graph(nodes: nodes, edges: edges)
    }()

    /// A chain of 400 notes with cross links: a "big" graph.
    static let big: Graph = {
        var nodes: [Node] = []
        var edges: [EdgeSpec] = []
        for i in 0..<400 {
            nodes.append(Node(id: NodeID(.note, "n\(i).md"), label: "Study note \(i) 주제 \(i)", url: "n\(i)/", folder: "f\(i % 7)", tags: ["t\(i % 5)"]))
            if i > 0 { edges.append((NodeID(.note, "n\(i).md"), NodeID(.note, "n\(i / 2).md"), .links, Double(i % 3 + 1), nil)) }
        }
        return Graph(nodes: nodes, edges: edges)
    }()
}
