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
        // Edges name their ends by where the nodes were put, so no id is hashed per edge.
        var nodes: [Node] = []
        var edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double, anchor: String?)] = []
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
                edges.append((noteNode[i], t, .tagged, 1, nil))
            }
            for resolution in resolutions[i] {
                guard case .note(let target, _) = resolution, target != i, notes[target].isPublished else { continue }
                edges.append((noteNode[i], noteNode[target], .links, 1, nil))
            }
        }
        let conceptNode = concepts.concepts.indices.map { nodes.count + $0 }
        for concept in concepts.concepts {
            nodes.append(Node(id: NodeID(.concept, concept.key), label: concept.name, url: concept.permalink.path, aliases: concept.aliases))
        }
        for (c, concept) in concepts.concepts.enumerated() {
            for definition in concept.definitions where notes[definition.note].isPublished {
                edges.append((noteNode[definition.note], conceptNode[c], .defines, 1, definition.anchor))
            }
            for mention in concepts.mentions[c] where notes[mention.note].isPublished {
                edges.append((noteNode[mention.note], conceptNode[c], .mentions, Double(mention.count), nil))
            }
        }
        for edge in concepts.relatedEdges {
            edges.append((conceptNode[edge.from], conceptNode[edge.to], .related, edge.weight, nil))
        }
        return Graph(nodes: nodes, indexedEdges: edges)
    }
}
