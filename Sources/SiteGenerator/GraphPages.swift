public import Notes

/// A graph picture for a page: an inline SVG laid out by Graphviz, or, when Graphviz was not
/// available, nothing but a link to the graph's DOT file.
public struct GraphPicture: Sendable, Hashable {
    /// Cleaned inline SVG (`InlineSVG.clean`), trusted HTML, as UTF-8; nil when there is no
    /// picture. Bytes, as the radial writer makes them and the page takes them: a site draws
    /// one per page, and making each a `String` checked its five thousand bytes for nothing.
    public var svgUTF8: [UInt8]?
    /// The nodes and edges drawn, for captions.
    public var nodeCount: Int
    public var edgeCount: Int

    /// `svgUTF8` as text.
    public var svg: String? { svgUTF8.map { String(decoding: $0, as: UTF8.self) } }

    public init(svg: String?, nodeCount: Int, edgeCount: Int) {
        self.init(svgUTF8: svg.map { Array($0.utf8) }, nodeCount: nodeCount, edgeCount: edgeCount)
    }

    /// A picture whose SVG is UTF-8 already.
    public init(svgUTF8: [UInt8]?, nodeCount: Int, edgeCount: Int) {
        self.svgUTF8 = svgUTF8
        self.nodeCount = nodeCount
        self.edgeCount = edgeCount
    }
}

/// What the graph page shows besides the picture.
public struct GraphPageSummary: Sendable {
    /// A node of the ranking list.
    public struct Ranked: Sendable, Hashable {
        public var title: String
        public var kind: String
        public var permalink: Permalink?
        public var rank: Double
        public init(title: String, kind: String, permalink: Permalink?, rank: Double) {
            self.title = title
            self.kind = kind
            self.permalink = permalink
            self.rank = rank
        }
    }

    /// Node and edge kinds drawn in the picture (for the legend), in their order.
    public var nodeKinds: [String]
    public var edgeKinds: [String]
    /// Counts of the whole graph, by kind name.
    public var nodeCounts: [(kind: String, count: Int)]
    public var edgeCount: Int
    /// Set when the picture shows only the top nodes of a big graph.
    public var shownOf: (shown: Int, total: Int)?
    /// The most central nodes, best first.
    public var top: [Ranked]
    /// The layout engine that drew the picture.
    public var engine: String

    public init(nodeKinds: [String], edgeKinds: [String], nodeCounts: [(kind: String, count: Int)], edgeCount: Int,
                shownOf: (shown: Int, total: Int)?, top: [Ranked], engine: String) {
        self.nodeKinds = nodeKinds
        self.edgeKinds = edgeKinds
        self.nodeCounts = nodeCounts
        self.edgeCount = edgeCount
        self.shownOf = shownOf
        self.top = top
        self.engine = engine
    }
}

/// The graph page (`graph/`, template `graph.mustache`) and the local graph on every note and
/// concept page (`partials/local-graph.mustache`), plus the files beside them.
public enum GraphPages {
    /// The graph page.
    public static let permalink = Permalink("graph/")
    /// The graph files written to the site root.
    public static let dotFile = Permalink("graph.dot")
    public static let jsonFile = Permalink("graph.json")
    public static let graphMLFile = Permalink("graph.graphml")

    /// The graph page, as an extra page rendered with `graph.mustache`. Its context holds
    /// `graph {title, intro, svg?, hasPicture, fallback, caption?, legendTitle, nodeKinds
    /// [{kind, name}], edgeKinds [{kind, name}], topTitle, top [{title, href?, kind, rank}],
    /// hasTop, filesTitle, files [{name, href, description}], countsText}`.
    public static func page(picture: GraphPicture?, summary: GraphPageSummary, language: InterfaceLanguage) -> ExtraPage {
        ExtraPage(permalink: permalink, template: "graph", title: GraphText(language).pageTitle,
                  context: ["graph": context(picture: picture, summary: summary, language: language)])
    }

    /// The graph page with a picture still being drawn: `picture` is asked (and may wait) only
    /// when the page is rendered (`ExtraPage.lateContext`).
    public static func page(picture: @escaping @Sendable () -> GraphPicture?, summary: GraphPageSummary,
                            language: InterfaceLanguage) -> ExtraPage {
        var page = ExtraPage(permalink: permalink, template: "graph", title: GraphText(language).pageTitle)
        page.lateContext = { ["graph": context(picture: picture(), summary: summary, language: language)] }
        return page
    }

    /// The graph page's `graph` object.
    static func context(picture: GraphPicture?, summary: GraphPageSummary, language: InterfaceLanguage) -> [String: any Sendable] {
        let t = GraphText(language)
        var graph: [String: any Sendable] = [
            "title": t.pageTitle,
            "intro": t.intro,
            "hasPicture": picture?.svgUTF8 != nil,
            "fallback": t.fallback,
            "dotHref": dotFile,
            "legendTitle": t.legend,
            "nodeKinds": summary.nodeKinds.map { ["kind": $0, "name": t.kindName($0)] as [String: any Sendable] },
            "edgeKinds": summary.edgeKinds.map { ["kind": $0, "name": t.kindName($0)] as [String: any Sendable] },
            "topTitle": t.topTitle,
            "hasTop": !summary.top.isEmpty,
            "filesTitle": t.filesTitle,
            "files": [
                ["name": "graph.dot", "href": dotFile, "description": t.dotDescription] as [String: any Sendable],
                ["name": "graph.json", "href": jsonFile, "description": t.jsonDescription] as [String: any Sendable],
                ["name": "graph.graphml", "href": graphMLFile, "description": t.graphMLDescription] as [String: any Sendable],
            ],
            "countsText": t.counts(summary.nodeCounts, edges: summary.edgeCount),
        ]
        if let svg = picture?.svg { graph["svg"] = svg }
        if let picture, picture.svgUTF8 != nil {
            graph["caption"] = t.caption(shown: summary.shownOf, nodes: picture.nodeCount, engine: summary.engine)
        }
        graph["top"] = summary.top.map { node -> [String: any Sendable] in
            var entry: [String: any Sendable] = ["title": node.title, "kind": node.kind, "kindName": t.kindName(node.kind),
                                                 "rank": formatRank(node.rank)]
            if let permalink = node.permalink { entry["href"] = permalink }
            return entry
        }
        return graph
    }

    /// The `localGraph` value of a page's context, for `partials/local-graph.mustache`:
    /// `{title, svg?, hasPicture, fallback, dotHref, graphHref, wholeGraph}`, hrefs relative to
    /// the page.
    ///
    /// The two links go through the site's targets made once (`SiteModel.Nav`), whose links
    /// from pages up to five folders deep are made already: `relativeHref` encoded both
    /// permalinks and made both Strings on every page with a picture.
    static func localGraphValue(_ picture: GraphPicture, language: InterfaceLanguage, links: PageLinks,
                                targets: SiteModel.Nav) -> TemplateValue {
        typealias N = TemplateValues.Names
        let t = GraphText(language)
        var context = TemplateContext(minimumCapacity: 7)
        context.append(distinct: N.title, .string(t.localTitle))
        context.append(distinct: N.hasPicture, .bool(picture.svgUTF8 != nil))
        context.append(distinct: N.fallback, .string(t.localFallback))
        context.append(distinct: N.dotHref, .string(links.href(targets.dot)))
        context.append(distinct: N.graphHref, .string(links.href(targets.graph)))
        context.append(distinct: N.wholeGraph, .string(t.wholeGraph))
        if let svg = picture.svgUTF8 { context.append(distinct: N.svg, .bytes(svg)) }
        return .object(context)
    }

    /// The graph page's title.
    public static func title(_ language: InterfaceLanguage) -> String { GraphText(language).pageTitle }

    /// The accessible title of a local graph picture.
    public static func localTitle(of name: String, language: InterfaceLanguage) -> String {
        let around = localTitle(language)
        return around.before + name + around.after
    }

    /// The texts before and after the node's name in `localTitle(of:language:)`, for a writer
    /// that puts the name between them itself (`RadialSVGWriter.Options.titleAroundCenter`).
    public static func localTitle(_ language: InterfaceLanguage) -> (before: String, after: String) {
        language == .ko ? ("", " 연결 그래프") : ("Local graph of ", "")
    }

    static func formatRank(_ rank: Double) -> String {
        let scaled = Int((rank * 100_000).rounded())
        let whole = scaled / 100_000
        var fraction = String(scaled % 100_000)
        fraction = String(repeating: "0", count: 5 - fraction.count) + fraction
        return "\(whole).\(fraction)"
    }
}

/// The graph parts' interface text, in the site's language.
struct GraphText {
    let ko: Bool
    init(_ language: InterfaceLanguage) { ko = language == .ko }

    var pageTitle: String { ko ? "지식 그래프" : "Knowledge graph" }
    var intro: String {
        ko ? "노트와 개념이 서로 어떻게 이어지는지 보여 줍니다. 노드를 누르면 그 페이지로 갑니다."
           : "How the notes and concepts connect. Select a node to open its page."
    }
    var fallback: String {
        ko ? "Graphviz가 없어 그림을 만들지 못했습니다. 아래 graph.dot 파일을 Graphviz로 열어 보세요."
           : "Graphviz was not available when the site was built, so there is no picture; open graph.dot below with Graphviz."
    }
    var legend: String { ko ? "범례" : "Legend" }
    var topTitle: String { ko ? "중심 노드 (PageRank)" : "Most central (PageRank)" }
    var filesTitle: String { ko ? "그래프 파일" : "Graph files" }
    var dotDescription: String { ko ? "Graphviz DOT: dot, neato, sfdp로 그리기" : "Graphviz DOT, for dot, neato or sfdp" }
    var jsonDescription: String { ko ? "JSON Graph Format: D3, Cytoscape, networkx" : "JSON Graph Format, for D3, Cytoscape or networkx" }
    var graphMLDescription: String { ko ? "GraphML: Gephi, yEd, networkx" : "GraphML, for Gephi, yEd or networkx" }
    var localTitle: String { ko ? "연결 그래프" : "Local graph" }
    var localFallback: String { ko ? "Graphviz가 없어 그림이 없습니다:" : "No picture (Graphviz was not available):" }
    var wholeGraph: String { ko ? "전체 그래프 보기 →" : "Whole graph →" }

    func kindName(_ kind: String) -> String {
        guard ko else { return kind }
        switch kind {
        case "note": return "노트"
        case "concept": return "개념"
        case "tag": return "태그"
        case "links": return "링크"
        case "defines": return "정의"
        case "mentions": return "언급"
        case "related": return "관련"
        case "tagged": return "태그 지정"
        default: return kind
        }
    }

    func counts(_ nodes: [(kind: String, count: Int)], edges: Int) -> String {
        if ko {
            return (nodes.map { "\(kindName($0.kind)) \(grouped($0.count))개" } + ["연결 \(grouped(edges))개"]).joined(separator: " · ")
        }
        let parts = nodes.map { "\(grouped($0.count)) \($0.kind)\($0.count == 1 ? "" : "s")" }
        return (parts + ["\(grouped(edges)) edge\(edges == 1 ? "" : "s")"]).joined(separator: " · ")
    }

    /// `12,345`: thousands grouped the way both languages write them.
    func grouped(_ n: Int) -> String {
        var digits = String(n.magnitude)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + digits + out
    }

    func caption(shown: (shown: Int, total: Int)?, nodes: Int, engine: String) -> String {
        if let shown {
            return ko ? "노드 \(grouped(shown.total))개 가운데 PageRank 상위 \(shown.shown)개 (Graphviz \(engine))"
                      : "The \(shown.shown) highest-ranked of \(grouped(shown.total)) nodes (Graphviz \(engine))"
        }
        return ko ? "노드 \(nodes)개 (Graphviz \(engine))" : "\(nodes) nodes (Graphviz \(engine))"
    }
}

/// Graphviz SVG made fit to sit inside an HTML page.
///
/// Graphviz writes a standalone document: XML prolog, doctype, comments, fixed `pt` size, ids
/// such as `node1` that would clash with another picture on the page, a `<title>` per node
/// holding its DOT id, and coordinates to two decimals. The cleaned SVG keeps the drawing and
/// links, gets one accessible title (`aria-labelledby`, its id made unique with a prefix), drops
/// the other ids (nothing refers to them), gives each node its tooltip as `<title>`, sets the
/// font once on the root, rounds coordinates to a tenth of a point (a third of the size, no
/// visible change), and scales down to the width available (`viewBox` kept; the style sheet sets
/// `max-width: 100%; height: auto`).
public enum InlineSVG {
    /// `minScale` keeps the picture from shrinking below that fraction of its natural size (a
    /// `min-width`; the container should scroll).
    public static func clean(_ svg: String, idPrefix: String, title: String, cssClass: String, minScale: Double? = nil) -> String? {
        let bytes = Array(svg.utf8)
        guard let start = find(bytes, "<svg", from: 0), let openEnd = find(bytes, ">", from: start),
              let close = findLast(bytes, "</svg>") else { return nil }
        let openTag = String(decoding: bytes[start...openEnd], as: UTF8.self)
        let titleID = idPrefix + "-title"
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        out += Array("<svg class=\"\(cssClass)\"".utf8)
        for name in ["width", "height", "viewBox"] {
            if let value = attribute(name, in: openTag) { out += Array(" \(name)=\"\(value)\"".utf8) }
        }
        if let minScale, let width = attribute("width", in: openTag), width.hasSuffix("pt"),
           let points = Double(width.dropLast(2)) {
            out += Array(" style=\"min-width: \(Int((points * minScale).rounded()))pt\"".utf8)
        }
        if let font = firstAttribute("font-family", in: bytes, from: openEnd) {
            out += Array(" font-family=\"".utf8) + font + [quote]
        }
        out += Array(" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" aria-labelledby=\"\(titleID)\">".utf8)
        out += Array("<title id=\"\(titleID)\">\(HTMLEscaping.text(title))</title>".utf8)

        var i = openEnd + 1
        var firstTitle = true
        while i < close {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                if hasPrefix(bytes, "<!--", at: i) {
                    i = (find(bytes, "-->", from: i).map { $0 + 3 } ?? close)
                    if i < close, bytes[i] == newline { i += 1 }
                    continue
                }
                if hasPrefix(bytes, "<title>", at: i), let end = find(bytes, "</title>", from: i) {
                    let after = end + "</title>".utf8.count
                    if firstTitle {
                        // The graph's own title (its DOT name): replaced by the accessible one above.
                        firstTitle = false
                    } else if let tooltip = tooltip(in: bytes, from: after, before: close) {
                        out += Array("<title>".utf8) + tooltip + Array("</title>".utf8)
                    }
                    i = after
                    if i < close, bytes[i] == newline { i += 1 }
                    continue
                }
            } else if b == space {
                if let skip = droppedAttributeEnd(bytes, at: i) {
                    i = skip
                    continue
                }
                if hasPrefix(bytes, " d=\"", at: i) || hasPrefix(bytes, " points=\"", at: i) {
                    let valueStart = find(bytes, "\"", from: i)! + 1
                    out += bytes[i..<valueStart]
                    i = roundNumbers(bytes, from: valueStart, into: &out)
                    continue
                }
            } else if b == UInt8(ascii: "&"), hasPrefix(bytes, "&#45;", at: i) {
                // Graphviz writes every hyphen as a reference; a plain one means the same.
                out.append(UInt8(ascii: "-"))
                i += 5
                continue
            }
            out.append(b)
            i += 1
        }
        out += Array("</svg>".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let space = UInt8(ascii: " ")
    private static let newline = UInt8(ascii: "\n")

    /// Attributes left out: ids (nothing refers to them, and they would repeat across the
    /// pictures of a page), link tooltips (now the node's `<title>`), per-text fonts (set once
    /// on the root), and the opacity of faint edges (the style sheet fades `.ng-faint`, and
    /// both together would fade twice). Returns where the attribute ends.
    private static func droppedAttributeEnd(_ bytes: [UInt8], at i: Int) -> Int? {
        for name in [" id=\"", " xlink:title=\"", " font-family=\"", " stroke-opacity=\"", " fill-opacity=\""] where hasPrefix(bytes, name, at: i) {
            guard let end = find(bytes, "\"", from: i + name.utf8.count) else { return nil }
            return end + 1
        }
        return nil
    }

    /// Copies an attribute value up to its closing quote, numbers rounded to one decimal.
    /// Graphviz writes at most two decimals, so rounding works on the digits, no parsing.
    private static func roundNumbers(_ bytes: [UInt8], from start: Int, into out: inout [UInt8]) -> Int {
        var i = start
        let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9"), dot = UInt8(ascii: "."), minus = UInt8(ascii: "-")
        func isDigit(_ c: UInt8) -> Bool { c >= zero && c <= nine }
        while i < bytes.count, bytes[i] != quote {
            let c = bytes[i]
            guard isDigit(c) || (c == minus && i + 1 < bytes.count && (isDigit(bytes[i + 1]) || bytes[i + 1] == dot)) else {
                out.append(c)
                i += 1
                continue
            }
            let negative = c == minus
            if negative { i += 1 }
            var whole = 0
            while i < bytes.count, isDigit(bytes[i]) {
                whole = whole &* 10 &+ Int(bytes[i] - zero)
                i += 1
            }
            var tenths = 0
            if i < bytes.count, bytes[i] == dot {
                i += 1
                var place = 0
                var roundUp = false
                while i < bytes.count, isDigit(bytes[i]) {
                    if place == 0 { tenths = Int(bytes[i] - zero) } else if place == 1 { roundUp = bytes[i] >= UInt8(ascii: "5") }
                    place += 1
                    i += 1
                }
                if roundUp { tenths += 1 }
            }
            var scaled = whole * 10 + tenths
            if scaled == 0 { out.append(zero); continue }
            if negative { out.append(minus) }
            if scaled % 10 == 0 {
                out += Array(String(scaled / 10).utf8)
            } else {
                scaled = abs(scaled)
                out += Array(String(scaled / 10).utf8)
                out.append(dot)
                out.append(zero + UInt8(scaled % 10))
            }
        }
        return i
    }

    /// The `xlink:title` of the link that belongs to the element whose `<title>` ends at `from`:
    /// it follows before the next `<title>` (the next node or edge).
    private static func tooltip(in bytes: [UInt8], from: Int, before limit: Int) -> [UInt8]? {
        let nextTitle = find(bytes, "<title>", from: from) ?? limit
        guard let at = find(bytes, "xlink:title=\"", from: from), at < nextTitle else { return nil }
        let valueStart = at + "xlink:title=\"".utf8.count
        guard let valueEnd = find(bytes, "\"", from: valueStart) else { return nil }
        return Array(bytes[valueStart..<valueEnd])
    }

    private static func firstAttribute(_ name: String, in bytes: [UInt8], from: Int) -> ArraySlice<UInt8>? {
        guard let at = find(bytes, " \(name)=\"", from: from) else { return nil }
        let valueStart = at + name.utf8.count + 3
        guard let valueEnd = find(bytes, "\"", from: valueStart) else { return nil }
        return bytes[valueStart..<valueEnd]
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        let bytes = Array(tag.utf8)
        var from = 0
        while let at = find(bytes, name + "=\"", from: from) {
            let before = at == 0 ? space : bytes[at - 1]
            if before == space || before == newline || before == UInt8(ascii: "\t") {
                let start = at + name.utf8.count + 2
                guard let end = find(bytes, "\"", from: start) else { return nil }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            from = at + 1
        }
        return nil
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: String, at i: Int) -> Bool {
        var k = i
        for p in prefix.utf8 {
            guard k < bytes.count, bytes[k] == p else { return false }
            k += 1
        }
        return true
    }

    private static func find(_ bytes: [UInt8], _ needle: String, from: Int) -> Int? {
        let n = Array(needle.utf8)
        guard let first = n.first, bytes.count >= n.count else { return nil }
        var i = from
        let last = bytes.count - n.count
        while i <= last {
            if bytes[i] == first, bytes[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    private static func findLast(_ bytes: [UInt8], _ needle: String) -> Int? {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return nil }
        var i = bytes.count - n.count
        while i >= 0 {
            if bytes[i..<(i + n.count)].elementsEqual(n) { return i }
            i -= 1
        }
        return nil
    }
}
