public import Diagnostics
import Foundation
import GraphExport
public import KnowledgeGraph
import Notes
public import SiteGenerator

/// Local graphs: the picture on a note's (or concept's) page of what it connects to directly.
public enum LocalGraph {
    /// At most this many nodes, the page's own included.
    public static let maxNodes = 12
    /// Tags are left out: the page lists them already, and a popular tag would crowd out notes.
    public static let filter = GraphFilter(nodeKinds: [.note, .concept], edgeKinds: [.links, .defines, .mentions, .related])

    /// The node at `center` and its heaviest direct neighbours (`Graph.localGraphNodes`), as
    /// the parts a picture is drawn from, taken from `graph` by index: no nodes or edges are
    /// copied into a graph of their own (a site draws tens of thousands), and the picture's
    /// nodes are their indices in `graph`, which find their looks (`looks(of:hrefs:)`). Nil
    /// when the node has no neighbour. Between two neighbours only `links` and `related` edges are kept: every
    /// note around a concept mentions half the others, and those lines would hide the ones
    /// that matter.
    static func picture(around center: Int, in graph: Graph, adjacency: Adjacency) -> RadialSVGWriter.Selection? {
        guard let chosen = graph.localGraphNodes(of: center, limit: maxNodes, filter: filter, adjacency: adjacency),
              let c = chosen.firstIndex(of: center) else { return nil }
        // The edges go straight into the picture, with the kind and weight the search read:
        // no list of found edges, and no `Edge` (with its anchor string) read or copied.
        var edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double)] = []
        edges.reserveCapacity(2 * chosen.count)
        graph.forEachEdge(among: chosen, keeping: edgeFilter, adjacency: adjacency) { source, target, _, kind, weight in
            if chosen[source] == center || chosen[target] == center || kind == .links || kind == .related {
                edges.append((source, target, kind, weight))
            }
        }
        return RadialSVGWriter.Selection(nodes: chosen, edges: edges, center: c)
    }

    private static let edgeFilter = GraphFilter(edgeKinds: filter.edgeKinds, minWeight: filter.minWeight)

    /// Every node's look in the local graphs (its label cut, measured and escaped; its link,
    /// node k's `hrefs[k]`, escaped), made once for the whole graph rather than in each of the
    /// dozen pictures a node is in.
    static func looks(of graph: Graph, hrefs: [String?]) -> RadialSVGWriter.NodeLooks {
        RadialSVGWriter.NodeLooks(kinds: graph.nodes.map(\.id.kind), labels: graph.nodes.map(\.label), hrefs: hrefs,
                                  options: RadialSVGWriter.Options())
    }

    /// The least a local graph shrinks to on a narrow screen: four fifths keep its 12-pixel labels
    /// near 10 pixels, and the theme lets the figure scroll sideways for the rest (the graph
    /// page's picture does the same at three quarters).
    static let localMinScale = 0.8

    /// The inline SVG of a local graph, laid out by `RadialSVGWriter` (no Graphviz needed),
    /// each node but the center linking to `prefix` and its link in `looks`.
    static func svg(of picture: RadialSVGWriter.Selection, looks: RadialSVGWriter.NodeLooks, title: String, prefix: String = "") -> String {
        var options = options(prefix: prefix)
        options.title = title
        return RadialSVGWriter(options: options).write(picture, looks: looks)
    }

    /// A local graph's writer options, linking from a page `prefix` away from the root.
    static func options(prefix: String) -> RadialSVGWriter.Options {
        var options = RadialSVGWriter.Options()
        options.hrefPrefix = prefix
        options.minScale = localMinScale
        return options
    }

    /// `svg(of:looks:title:prefix:)` as UTF-8, titled `GraphPages.localTitle(of:language:)`
    /// of the center's label, which the looks hold escaped: no title is made for each page.
    static func svgUTF8(of picture: RadialSVGWriter.Selection, looks: RadialSVGWriter.NodeLooks,
                        titleAround: (before: String, after: String), prefix: String) -> [UInt8] {
        var options = options(prefix: prefix)
        options.titleAroundCenter = titleAround
        return RadialSVGWriter(options: options).writeBytes(picture, looks: looks)
    }

    /// The title of the local graph around `node`, as `svgUTF8` writes it from the looks.
    static func title(for node: Node?, language: InterfaceLanguage) -> String {
        GraphPages.localTitle(of: node.map { DisplayLabel.singleLine($0.label) } ?? "", language: language)
    }
}

/// The graph parts of a site: the graph page and its picture, a local graph for every node with a
/// page, and `graph.dot`, `graph.json` and `graph.graphml` at the site root.
///
/// The whole-graph picture is laid out by Graphviz (`Graphviz.render`); the local graphs, one
/// per page, by `RadialSVGWriter`, in parallel. Without Graphviz the build warns once and the
/// graph page links `graph.dot` instead of its picture.
public struct SiteGraph: Sendable {
    public var graphPage: ExtraPage
    /// Draws the picture for a node's page, by the node's index, when the page is rendered:
    /// tens of thousands of pictures are cheap to draw (`RadialSVGWriter`) but a few hundred
    /// MB to hold at once.
    var drawLocalGraph: @Sendable (Int) -> GraphPicture? = { _ in nil }
    /// The node at each index, for pages that find their node by id (`localGraphDrawer(for:)`).
    private var nodeIndex: @Sendable (NodeID) -> Int? = { _ in nil }
    /// `graph.dot`, `graph.json` and `graph.graphml`, each made on a thread of its own while
    /// the rest of the graph and then the pages are made, and handed to the build's writer
    /// there (`build(writingDataFiles:)`): nothing else reads them, the graph page only links
    /// them. Made in one `parallelMap` and then written one after the other, the three kept a
    /// core idle while the longest finished and both while the files were written.
    private var dataFileJobs: [Background<DataFile>] = []
    /// The whole-graph picture, which Graphviz draws in its own process while the pages render.
    private var drawing: Background<(svg: String?, diagnostics: [Diagnostic])>
    /// The warnings of drawing the whole-graph picture (Graphviz missing or failing): waits for
    /// the drawing, so a build asks for them once the pages are rendered.
    public var diagnostics: [Diagnostic] { drawing.wait().diagnostics }
    /// The graph page's ranking, most central first: concepts once there are any, else notes.
    /// The index page shows its head, so the two pages agree.
    public var ranking: [GraphPageSummary.Ranked] = []
    /// Which node (by index) each page shows, for extra pages (concept pages) found by permalink.
    var nodeAtPage: [Permalink: Int] = [:]

    /// Above this many nodes the graph page shows only the highest-ranked ones, laid out by
    /// `sfdp`; smaller graphs are laid out whole by `fdp`, which keeps related groups together.
    public static let pictureLimit = 300
    /// How many nodes the ranking list on the graph page names.
    public static let rankingLength = 20

    /// The picture for a node's page.
    public func localGraph(for id: NodeID) -> GraphPicture? { localGraphDrawer(for: id)?() }

    /// What draws the picture for a node's page when the page is rendered (`NotePage.localGraph`);
    /// nil for a node not in the graph, which has none. It holds the drawing and the node's
    /// index, not the `SiteGraph`: a page's copy of that retained its every field.
    public func localGraphDrawer(for id: NodeID) -> (@Sendable () -> GraphPicture?)? {
        guard let i = nodeIndex(id) else { return nil }
        let draw = drawLocalGraph
        return { draw(i) }
    }

    /// A data file once its writer has finished: kept, when the graph was built without a
    /// writer for them, or written (or failed to be).
    struct DataFile: Sendable {
        var path: String
        var kept: OutputFile?
        var failure: (any Error)?
    }

    /// The data files, waiting for them to be made: empty for those handed to a writer
    /// (`build(writingDataFiles:)`).
    public var files: [OutputFile] { dataFileJobs.compactMap { $0.wait().kept } }

    /// Waits for the data files to be made and written (`build(writingDataFiles:)`): their
    /// paths, or the first writer's error. A build asks once the pages are rendered, before the
    /// site is committed or discarded.
    public func waitForDataFiles() throws -> [String] {
        let done = dataFileJobs.map { $0.wait() }
        if let failure = done.lazy.compactMap(\.failure).first { throw failure }
        return done.map(\.path)
    }

    /// Gives each extra page the local graph of its node, drawn when the page is rendered
    /// (`ExtraPage.localGraph`), matching pages to nodes by permalink: a concept's page gets the
    /// concept's local graph. Pages that show no node are left as they are.
    public func addLocalGraphs(to pages: inout [ExtraPage]) {
        let draw = drawLocalGraph
        for i in pages.indices {
            guard let node = nodeAtPage[pages[i].permalink] else { continue }
            pages[i].localGraph = { draw(node) }
        }
    }

    /// `pictures: false` draws nothing (config `graph: {pictures: false}`): no local graphs, no
    /// picture on the graph page, and no need for Graphviz.
    ///
    /// `writingDataFiles` writes each data file, on the thread that makes it, from the pieces
    /// the export hands it as it goes (graph.dot, .json and .graphml are a hundred MB on a big
    /// vault, and are never whole in memory: `SiteStaging.write(path:streaming:)`); without it
    /// they are kept (`files`). `waitForDataFiles` waits for the writers.
    public static func build(_ graph: Graph, directoryIndex: Bool, language: InterfaceLanguage, graphviz: Graphviz?,
                             pictures: Bool = true,
                             writingDataFiles write: PieceWriter? = nil) -> SiteGraph {
        // Each node's page, once: thousands of pictures link to the same pages.
        let pageOf = Array(graph.nodes.indices).parallelMap { page(of: graph.nodes[$0]) }
        let fromRoot = pageOf.map { $0?.relativeHref(from: .root, directoryIndex: directoryIndex) }
        // The ranks on one core, and on the other what the local graphs are drawn from: the
        // adjacency they walk and each node's looks (`LocalGraph.looks`). Neither needs the
        // other; one after the other, on one core, they were most of this phase, while the
        // other core wrote graph.dot, which nothing reads before the pages are all written.
        let (ranks, (adjacency, looks)) = concurrently({ graph.centrality() }, {
            (graph.adjacency(), pictures ? LocalGraph.looks(of: graph, hrefs: fromRoot) : nil)
        })
        // graph.dot, .json and .graphml are made and written on threads of their own while
        // the pages render.
        let dot = dataFile(GraphPages.dotFile, of: graph, as: dotWriter(hrefs: fromRoot), writing: write)
        let json = dataFile(GraphPages.jsonFile, of: graph, as: jsonWriter(ranks: ranks), writing: write)
        let graphML = dataFile(GraphPages.graphMLFile, of: graph, as: graphMLWriter(ranks: ranks), writing: write)
        // A link from any page: up to the root, then down to the target (`../../ml/vae/index.html`).
        @Sendable func hrefs(on page: Permalink) -> (Node) -> String? {
            let up = rootPrefix(of: page)
            return { node in graph.index(of: node.id).flatMap { fromRoot[$0] }.map { up + $0 } }
        }

        // What the graph page draws: the concept graph once there are concepts, else the notes.
        let global = globalPicture(graph, ranks: ranks, adjacency: adjacency)
        let globalDOT = globalPictureDOT(global.graph, hrefs: hrefs(on: GraphPages.permalink))

        // Every node with a page gets a local graph, drawn by RadialSVGWriter when its page is
        // rendered: tens of thousands of small radial pictures are arithmetic, not worth a
        // Graphviz process each, and not worth holding all at once.
        // Titled after the center, whose label the looks hold (`LocalGraph.title`).
        let titleAround = GraphPages.localTitle(language)
        let draw: @Sendable (Int) -> GraphPicture? = { i in
            guard let looks, let page = pageOf[i],
                  let picture = LocalGraph.picture(around: i, in: graph, adjacency: adjacency) else { return nil }
            let svg = LocalGraph.svgUTF8(of: picture, looks: looks, titleAround: titleAround, prefix: rootPrefix(of: page))
            return GraphPicture(svgUTF8: svg, nodeCount: picture.nodes.count, edgeCount: picture.edges.count)
        }

        // Graphviz lays out the picture in its own process (a few tenths of a second on 10,000
        // notes) while graph.dot, .json and .graphml are written and the pages rendered on
        // every core: nothing waits for it but the graph page, which renders among the last.
        let drawing = Background<(svg: String?, diagnostics: [Diagnostic])> {
            pictures ? drawGlobalPicture(global.graph, dot: globalDOT, engine: global.engine, language: language, graphviz: graphviz)
                     : (nil, [])
        }

        let counts = graph.counts()
        let rankedKinds: Set<NodeKind> = counts.nodes[.concept, default: 0] > 0 ? [.concept] : [.note]
        let top = graph.top(rankingLength, by: ranks, kinds: rankedKinds).map { i -> GraphPageSummary.Ranked in
            let node = graph.nodes[i]
            return .init(title: DisplayLabel.singleLine(node.label), kind: node.id.kind.rawValue, permalink: pageOf[i], rank: ranks[i])
        }
        let drawnCounts = global.graph.counts()
        let summary = GraphPageSummary(
            nodeKinds: NodeKind.allCases.filter { drawnCounts.nodes[$0] != nil }.map(\.rawValue),
            edgeKinds: EdgeKind.allCases.filter { drawnCounts.edges[$0] != nil }.map(\.rawValue),
            nodeCounts: NodeKind.allCases.compactMap { kind in counts.nodes[kind].map { (kind.rawValue, $0) } },
            edgeCount: graph.edges.count,
            shownOf: global.shownOf,
            top: top,
            engine: global.engine)
        let drawn = global.graph.nodes.isEmpty ? nil : (nodes: global.graph.nodes.count, edges: global.graph.edges.count)
        let picture: @Sendable () -> GraphPicture? = {
            drawn.map { GraphPicture(svg: drawing.wait().svg, nodeCount: $0.nodes, edgeCount: $0.edges) }
        }

        // The nodes read in place: a loop over them copied each (its strings retained).
        var nodeAtPage: [Permalink: Int] = [:]
        nodeAtPage.reserveCapacity(graph.nodes.count)
        for i in graph.nodes.indices where graph.nodes[i].id.kind != .tag {
            if let page = pageOf[i] { nodeAtPage[page] = i }
        }
        return SiteGraph(graphPage: GraphPages.page(picture: picture, summary: summary, language: language),
                         drawLocalGraph: draw, nodeIndex: { graph.index(of: $0) },
                         dataFileJobs: [dot, json, graphML],
                         drawing: drawing, ranking: top, nodeAtPage: nodeAtPage)
    }

    /// The graph page's picture, laid out by Graphviz and cleaned for inline use; nil with a
    /// warning when Graphviz is missing or fails (the page links graph.dot instead).
    static func drawGlobalPicture(_ picture: Graph, dot: String, engine: String, language: InterfaceLanguage,
                                  graphviz: Graphviz?) -> (svg: String?, diagnostics: [Diagnostic]) {
        guard let graphviz else {
            return (nil, [.warning("graphviz-missing", "Graphviz (dot) is not installed: the graph page has no picture, and links graph.dot instead",
                                   hint: "install it (apt-get install graphviz, brew install graphviz) or set NOTEGRAPH_GRAPHVIZ to the dot program")])
        }
        guard !picture.nodes.isEmpty else { return (nil, []) }
        switch graphviz.render([.init(engine: engine, graphs: [dot])])[0].first {
        case .success(let svg)?:
            // Scaled to the page down to three quarters of its size, no further: the frame
            // scrolls instead, so labels stay readable.
            return (InlineSVG.clean(svg, idPrefix: "ng-gg", title: GraphPages.title(language),
                                    cssClass: "ng-graph-svg ng-graph-global", minScale: 0.75), [])
        case .failure(let failure)?:
            return (nil, [.warning("graphviz-failed", "Graphviz could not draw the graph picture; the graph page links graph.dot instead: \(failure)")])
        case nil:
            return (nil, [])
        }
    }

    /// The DOT that Graphviz lays out for the graph page's picture.
    static func globalPictureDOT(_ picture: Graph, hrefs: (Node) -> String?) -> String {
        var options = pictureOptions(picture, except: nil, hrefs: hrefs)
        options.mergeReciprocal = true
        options.maxPenWidth = 2.5
        options.graphAttributes += [.init("overlap", "prism"), .init("pack", "true"), .init("sep", "+6")]
        return DOTWriter(options: options).write(picture)
    }

    /// The graph page's subject: concepts with the notes that define them and the related and
    /// defines edges, or, before there are concepts, the notes and their links. Big ones are
    /// cut to the highest-ranked nodes (ties in id order). With the graph's `adjacency`, the
    /// picture's edges are found from its nodes rather than among all the graph's edges.
    static func globalPicture(_ graph: Graph, ranks: [Double], adjacency: Adjacency? = nil)
        -> (graph: Graph, engine: String, shownOf: (shown: Int, total: Int)?) {
        // The nodes marked by index, then listed in index order: a set of the twenty thousand
        // concepts of a 10,000-note vault, hashed and then sorted, was a fifth of the graph phase.
        var marked = [Bool](repeating: false, count: graph.nodes.count)
        let edgeKinds: Set<EdgeKind>
        if graph.nodes.contains(where: { $0.id.kind == .concept }) {
            for i in graph.nodes.indices where graph.nodes[i].id.kind == .concept { marked[i] = true }
            for edge in graph.edges where edge.kind == .defines { marked[edge.source] = true }
            edgeKinds = [.related, .defines]
        } else {
            for i in graph.nodes.indices where graph.nodes[i].id.kind == .note { marked[i] = true }
            edgeKinds = [.links]
        }
        var chosen = marked.indices.filter { marked[$0] }
        let total = chosen.count
        var shownOf: (shown: Int, total: Int)?
        if total > pictureLimit {
            chosen = graph.top(pictureLimit, of: chosen, by: ranks)
            shownOf = (pictureLimit, total)
        }
        let filter = GraphFilter(edgeKinds: edgeKinds)
        let picture = adjacency.map { graph.subgraph(indices: chosen, keepingEdges: filter, adjacency: $0) }
            ?? graph.subgraph(indices: chosen, keepingEdges: filter)
        return (picture, shownOf == nil ? "fdp" : "sfdp", shownOf)
    }

    /// DOT options for a picture embedded in a page: links relative to that page, no legend
    /// (the page has an HTML one), no edge tooltips (they would double the SVG), transparent
    /// background so the page's colours show.
    static func pictureOptions(_ graph: Graph, except: NodeID?, hrefs: (Node) -> String?) -> DOTWriter.Options {
        var urls: [NodeID: String] = [:]
        for node in graph.nodes where node.id != except {
            if let href = hrefs(node) { urls[node.id] = href }
        }
        var options = DOTWriter.Options()
        options.links = .explicit(urls)
        options.legend = false
        options.edgeTooltips = false
        options.fontSize = 10
        options.graphAttributes = [.init("bgcolor", "transparent")]
        return options
    }

    /// `../` once for each folder between the page and the site root.
    static func rootPrefix(of page: Permalink) -> String {
        page.upToRoot
    }

    /// The page a node links to: its own, or a tag's page.
    static func page(of node: Node) -> Permalink? {
        if let url = node.url { return Permalink(url) }
        if node.id.kind == .tag { return TagPages.permalink(for: node.id.key) }
        return nil
    }

    /// Writes a file at a path (relative to the output folder) from the pieces its `body` hands
    /// over as they are made: `SiteStaging.write(path:streaming:)`.
    public typealias PieceWriter = @Sendable (_ path: String,
                                             _ body: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws -> Void

    /// One of `graph.dot`, `graph.json` and `graph.graphml` (the whole graph, links relative
    /// to the site root, where the files are), made on a thread of its own by `format` and
    /// written there in pieces as it goes, or kept whole when there is no writer.
    static func dataFile(_ permalink: Permalink, of graph: Graph, as format: any GraphFileWriter,
                         writing write: PieceWriter?) -> Background<DataFile> {
        Background {
            let path = permalink.outputFile
            guard let write else {
                return DataFile(path: path, kept: OutputFile(path: path, contents: .data(format.writeBytes(graph))))
            }
            do {
                try write(path) { emit in try format.write(graph, pieces: GraphFile.pieceSize, emit: emit) }
                return DataFile(path: path)
            } catch {
                return DataFile(path: path, failure: error)
            }
        }
    }

    // Links and ranks go to the writers by node index, as the site has them: no table by id
    // is built, and no node's id hashed to look them up. The writers make the files' bytes
    // themselves: no text is built to be converted.

    static func dotWriter(hrefs: [String?]) -> DOTWriter {
        var options = DOTWriter.Options()
        options.links = .byIndex(hrefs)
        return DOTWriter(options: options)
    }

    static func jsonWriter(ranks: [Double]) -> JSONGraphWriter {
        var options = JSONGraphWriter.Options()
        options.ranksByIndex = ranks
        options.pretty = false
        return JSONGraphWriter(options: options)
    }

    static func graphMLWriter(ranks: [Double]) -> GraphMLWriter {
        var options = GraphMLWriter.Options()
        options.ranksByIndex = ranks
        return GraphMLWriter(options: options)
    }
}
