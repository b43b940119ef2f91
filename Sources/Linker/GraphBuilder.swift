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
        // Edges name their ends by where the nodes were put, so no id is hashed per edge. Both
        // lists are made at their size: a big vault has hundreds of thousands of edges, and
        // every doubling of the list was a copy into fresh memory.
        var published = 0, edgeCount = concepts.relatedEdges.count
        for i in notes.indices where notes[i].isPublished {
            published += 1
            edgeCount += notes[i].note.frontMatter.tags.count + resolutions[i].count
        }
        for c in concepts.concepts.indices {
            edgeCount += concepts.concepts[c].definitions.count + concepts.mentions[c].count
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(published + concepts.concepts.count)
        var edges: [Edge] = []
        edges.reserveCapacity(edgeCount)
        var noteNode = [Int](repeating: -1, count: notes.count)
        // Over indices, each note's parts read in place: `enumerated()` handed out a copy of
        // the whole ParsedNote, every part of it retained and released again.
        for i in notes.indices where notes[i].isPublished {
            noteNode[i] = nodes.count
            let path = notes[i].path
            nodes.append(Node(id: NodeID(.note, path.string), label: notes[i].title, url: notes[i].permalink.path, folder: path.folder,
                              tags: notes[i].note.frontMatter.tags, aliases: notes[i].note.frontMatter.aliases))
        }
        var tagNode: [String: Int] = [:]
        for i in notes.indices where notes[i].isPublished {
            for tag in notes[i].note.frontMatter.tags {
                let t: Int
                if let known = tagNode[tag] {
                    t = known
                } else {
                    t = nodes.count
                    tagNode[tag] = t
                    nodes.append(Node(id: NodeID(.tag, tag), label: "#" + tag))
                }
                edges.append(Edge(source: noteNode[i], target: t, kind: .tagged))
            }
            for resolution in resolutions[i] {
                guard case .note(let target, _) = resolution, target != i, notes[target].isPublished else { continue }
                edges.append(Edge(source: noteNode[i], target: noteNode[target], kind: .links))
            }
        }
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
