public import KnowledgeGraph
import Notes

extension LinkedVault {
    /// The note, tag and link part of the knowledge graph. Published notes only: an unpublished
    /// note contributes no node, no edge and no tag.
    static func buildGraph(notes: [ParsedNote], resolutions: [[Resolution]]) -> Graph {
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
        return Graph(nodes: nodes, edges: edges)
    }
}
