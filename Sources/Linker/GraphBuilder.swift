import KnowledgeGraph
import Notes

extension LinkedVault {
    /// The knowledge graph. Published notes only: an unpublished note contributes no node, no
    /// edge, no tag and no concept.
    ///
    /// - note → note `links`: one per link (weights add up);
    /// - note → concept `defines`: one per defining place, with the first section's anchor;
    /// - note → concept `mentions`: weighted by the number of plain-text mentions;
    /// - concept → concept `related`: a defining section of one mentions the other (weighted by
    ///   how often), or the glossary says so;
    /// - note → tag `tagged`.
    static func buildGraph(notes: [ParsedNote], resolutions: [[Resolution]], concepts: ConceptCatalog = .empty) -> Graph {
        buildGraph(graphNotePart(notes: notes, resolutions: resolutions), notes: notes, concepts: concepts)
    }

    /// The notes' part of the graph: the published notes' nodes and tags, and their `tagged`
    /// and `links` edges, none of which the concepts change (`Linker.link` makes it while the
    /// concepts are being found). Edges name their ends by where the nodes were put, so no id
    /// is hashed per edge.
    static func graphNotePart(notes: [ParsedNote], resolutions: [[Resolution]]) -> GraphNotePart {
        var published = 0, edgeCount = 0
        for i in notes.indices where notes[i].isPublished {
            published += 1
            edgeCount += notes[i].note.frontMatter.tags.count + resolutions[i].count
        }
        var part = GraphNotePart(noteNode: [Int](repeating: -1, count: notes.count))
        part.nodes.reserveCapacity(published)
        part.edges.reserveCapacity(edgeCount)
        // Over indices, each note's parts read in place: `enumerated()` handed out a copy of
        // the whole ParsedNote, every part of it retained and released again.
        for i in notes.indices where notes[i].isPublished {
            part.noteNode[i] = part.nodes.count
            let path = notes[i].path
            part.nodes.append(Node(id: NodeID(.note, path.string), label: notes[i].title, url: notes[i].permalink.path, folder: path.folder,
                                   tags: notes[i].note.frontMatter.tags, aliases: notes[i].note.frontMatter.aliases))
        }
        var tagNode: [String: Int] = [:]
        for i in notes.indices where notes[i].isPublished {
            for tag in notes[i].note.frontMatter.tags {
                let t: Int
                if let known = tagNode[tag] {
                    t = known
                } else {
                    t = part.nodes.count
                    tagNode[tag] = t
                    part.nodes.append(Node(id: NodeID(.tag, tag), label: "#" + tag))
                }
                part.edges.append(Edge(source: part.noteNode[i], target: t, kind: .tagged))
            }
            for resolution in resolutions[i] {
                guard case .note(let target, _) = resolution, target != i, notes[target].isPublished else { continue }
                part.edges.append(Edge(source: part.noteNode[i], target: part.noteNode[target], kind: .links))
            }
        }
        return part
    }

    /// The graph: `part` with the concepts' nodes and their `defines`, `mentions` and
    /// `related` edges after it.
    static func buildGraph(_ part: consuming GraphNotePart, notes: [ParsedNote], concepts: ConceptCatalog) -> Graph {
        // Taken out of `part`, so that each list is held once and grows where it is.
        var nodes = part.nodes, edges = part.edges
        part.nodes = []
        part.edges = []
        let noteNode = part.noteNode
        // Both lists made at their size: a big vault has hundreds of thousands of edges, and
        // every doubling of the list was a copy into fresh memory.
        var edgeCount = edges.count + concepts.relatedEdges.count
        for c in concepts.concepts.indices {
            edgeCount += concepts.concepts[c].definitions.count + concepts.mentions[c].count
        }
        nodes.reserveCapacity(nodes.count + concepts.concepts.count)
        edges.reserveCapacity(edgeCount)
        let conceptNode = concepts.concepts.indices.map { nodes.count + $0 }
        for concept in concepts.concepts {
            nodes.append(Node(id: NodeID(.concept, concept.key), label: concept.name, url: concept.permalink.path, aliases: concept.aliases))
        }
        for (c, concept) in concepts.concepts.enumerated() {
            for definition in concept.definitions where notes[definition.note].isPublished {
                edges.append(Edge(source: noteNode[definition.note], target: conceptNode[c], kind: .defines, anchor: definition.anchor))
            }
            for mention in concepts.mentions[c] where notes[mention.note].isPublished {
                edges.append(Edge(source: noteNode[mention.note], target: conceptNode[c], kind: .mentions, weight: Double(mention.count)))
            }
        }
        for edge in concepts.relatedEdges {
            edges.append(Edge(source: conceptNode[edge.from], target: conceptNode[edge.to], kind: .related, weight: edge.weight))
        }
        return Graph(nodes: nodes, indexedEdges: consume edges)
    }
}

/// The notes' part of a vault's graph (`LinkedVault.graphNotePart`), the concepts' part still
/// to come: nodes and edges in the order the whole graph lists them, and each note's node (-1
/// for an unpublished note).
struct GraphNotePart: Sendable {
    var nodes: [Node] = []
    var edges: [Edge] = []
    var noteNode: [Int]
}
