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
        var nodes: [Node] = []
        var edges: [(source: NodeID, target: NodeID, kind: EdgeKind, weight: Double, anchor: String?)] = []
        for (i, note) in notes.enumerated() where note.isPublished {
            let id = NodeID(.note, note.path.string)
            let tags = note.note.frontMatter.tags
            nodes.append(Node(id: id, label: note.title, url: note.permalink.path, folder: note.path.folder,
                              tags: tags, aliases: note.note.frontMatter.aliases))
            for tag in tags {
                nodes.append(Node(id: NodeID(.tag, tag), label: "#" + tag))
                edges.append((id, NodeID(.tag, tag), .tagged, 1, nil))
            }
            for resolution in resolutions[i] {
                guard case .note(let target, _) = resolution, target != i, notes[target].isPublished else { continue }
                edges.append((id, NodeID(.note, notes[target].path.string), .links, 1, nil))
            }
        }
        let conceptIDs = concepts.concepts.map { NodeID(.concept, $0.key) }
        for (c, concept) in concepts.concepts.enumerated() {
            nodes.append(Node(id: conceptIDs[c], label: concept.name, url: concept.permalink.path, aliases: concept.aliases))
            for definition in concept.definitions where notes[definition.note].isPublished {
                edges.append((NodeID(.note, notes[definition.note].path.string), conceptIDs[c], .defines, 1, definition.anchor))
            }
            for mention in concepts.mentions[c] where notes[mention.note].isPublished {
                edges.append((NodeID(.note, notes[mention.note].path.string), conceptIDs[c], .mentions, Double(mention.count), nil))
            }
        }
        for edge in concepts.relatedEdges {
            edges.append((conceptIDs[edge.from], conceptIDs[edge.to], .related, edge.weight, nil))
        }
        return Graph(nodes: nodes, edges: edges)
    }
}
