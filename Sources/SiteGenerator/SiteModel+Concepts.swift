import Notes

/// The concept lists of note pages and of the index, as template values.
extension SiteModel {
    /// `note.concepts [{name, href, isDefined}]`, defined ones first, and `note.hasConcepts`.
    /// `value` holds neither name yet.
    func addConcepts(of note: NotePage, _ links: PageLinks, to value: inout TemplateContext) {
        typealias N = TemplateValues.Names
        let concepts = note.concepts.map { concept -> TemplateValue in
            // The target made by `NotePages`, unless the permalink was changed since.
            let href = concept.target.flatMap { $0.permalink == concept.permalink ? links.href($0) : nil } ?? links.href(concept.permalink)
            return .object(N.name, .string(concept.name), N.href, .string(href), N.isDefined, .bool(concept.isDefined))
        }
        value.append(distinct: N.concepts, .list(concepts))
        value.append(distinct: N.hasConcepts, .bool(!concepts.isEmpty))
    }

    /// `centralConcepts [{title, href}]`, most central first, and `hasCentralConcepts`.
    func addCentralConcepts(_ links: PageLinks, to context: inout TemplateContext) {
        let central = input.centralConcepts.map { concept -> TemplateValue in
            ["title": .string(concept.title), "href": .string(links.href(concept.permalink, fragment: concept.fragment))]
        }
        context["centralConcepts"] = .list(central)
        context["hasCentralConcepts"] = .bool(!central.isEmpty)
    }
}
