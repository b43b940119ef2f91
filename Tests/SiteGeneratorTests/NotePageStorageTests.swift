import Notes
import SiteGenerator
import Testing

/// `NotePage` keeps its values in one object its copies share; it must still behave as a value:
/// a change to one copy is not seen by another.
@Suite struct NotePageStorageTests {
    @Test func copiesAreIndependent() {
        let original = NotePage(path: NotePath("dl/vae.md"), permalink: Permalink("dl/vae/"), title: "VAE",
                                description: "d", tags: ["ml"], toc: [TocEntry(level: 2, text: "A", anchor: "a")],
                                bodyHTML: "<p>x</p>\n", sourceLine: 3)
        var copy = original
        copy.title = "GAN"
        copy.tags.append("gan")
        copy.bodyHTML = "<p>y</p>\n"
        copy.titleHTML = "<em>GAN</em>"
        copy.concepts = [NoteConcept(name: "ELBO", permalink: Permalink("concepts/elbo/"), isDefined: true)]
        copy.sourceLine = 9
        copy.localGraph = { nil }
        #expect(original.title == "VAE")
        #expect(original.tags == ["ml"])
        #expect(original.bodyHTML == "<p>x</p>\n")
        #expect(original.bodyUTF8 == Array("<p>x</p>\n".utf8))
        #expect(original.titleHTML == nil)
        #expect(original.concepts.isEmpty)
        #expect(original.sourceLine == 3)
        #expect(original.localGraph == nil)
        #expect(copy.title == "GAN")
        #expect(copy.tags == ["ml", "gan"])
        #expect(copy.bodyHTML == "<p>y</p>\n")
        #expect(copy.titleHTML == "<em>GAN</em>")
        #expect(copy.concepts.map(\.name) == ["ELBO"])
        #expect(copy.sourceLine == 9)
        #expect(copy.description == "d")
        #expect(copy.toc == original.toc)
        #expect(copy.path == original.path && copy.permalink == original.permalink)
    }
}
