import Notes

/// The concept lists of note pages and of the index, as template values.
extension SiteModel {
    /// `note.concepts [{name, href, isDefined}]`, defined ones first, and `note.hasConcepts`.
    func addConcepts(of note: NotePage, _ links: PageLinks, to value: inout TemplateContext) {
        let concepts = note.concepts.map { concept -> TemplateContext in
            ["name": concept.name, "href": links.href(concept.permalink), "isDefined": concept.isDefined]
        }
        value["concepts"] = concepts
        value["hasConcepts"] = !concepts.isEmpty
    }

    /// `centralConcepts [{title, href}]`, most central first, and `hasCentralConcepts`.
    func addCentralConcepts(_ links: PageLinks, to context: inout TemplateContext) {
        let central = input.centralConcepts.map { concept -> TemplateContext in
            ["title": concept.title, "href": links.href(concept.permalink, fragment: concept.fragment)]
        }
        context["centralConcepts"] = central
        context["hasCentralConcepts"] = !central.isEmpty
    }
}
