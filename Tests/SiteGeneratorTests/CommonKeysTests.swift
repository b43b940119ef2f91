import Notes
import Testing
@testable import SiteGenerator

/// `SiteModel.common` hands out the keys it made for an earlier page of the same standing:
/// they must be the keys made afresh for each page, whatever its depth, folder and spelling.
@Suite struct CommonKeysTests {
    static let pages = ["", "a/", "a/b/", "a/b/c/d/e/f/g/", "tags/", "tags/x/", "tags/x/y/", "tagsx/", "concepts/",
                        "concepts/vae/", "concepts/a/b/", "graph/", "graph/x/", "a/tags/", "a/x.html", "tags/feed.xml",
                        "atom.xml", "딥러닝/", "딥러닝/변분/", "e\u{301}/b/", "x/\u{301}/", "%20/a b/", "a//b/"]

    @Test func sharedKeysAreTheKeysMadeForEachPage() throws {
        let extras = [ExtraPage(permalink: ConceptPages.index, template: "concepts", title: "C"),
                      ExtraPage(permalink: GraphPages.permalink, template: "graph", title: "G")]
        let inputs = [
            SiteInput(title: "T"),
            SiteInput(title: "T", baseURL: "https://example.org/notes", extraPages: extras),
            SiteInput(title: "T", directoryIndex: false, extraPages: extras),
            SiteInput(title: "T", description: "D", baseURL: "https://example.org/", language: .ko, extraPages: [extras[0]]),
        ]
        for input in inputs {
            let site = try SiteModel(input)
            // Twice over: the first round makes most keys, the second finds them all made.
            for round in 0..<2 {
                for path in Self.pages {
                    let links = site.links(for: Permalink(path))
                    let shared = ConceptPagesFastPathTests.describe(.object(site.common(links)))
                    let fresh = ConceptPagesFastPathTests.describe(.object(site.makeCommon(links)))
                    #expect(shared == fresh, "page '\(path)', round \(round)")
                }
            }
            // A page's own names do not reach the keys shared with the next page.
            var first = site.common(site.links(for: Permalink("a/")))
            first["page"] = ["kind": "note"]
            #expect(site.common(site.links(for: Permalink("b/")))["page"] == nil)
        }
    }

    /// A local graph links the graph page and its DOT file through the site's targets: the
    /// links `relativeHref` (or the base URL) gives, from pages at every depth.
    @Test func localGraphLinksAsRelativeHrefs() throws {
        for directoryIndex in [true, false] {
            let site = try SiteModel(SiteInput(title: "T", directoryIndex: directoryIndex))
            for path in Self.pages {
                let links = site.links(for: Permalink(path))
                for svg in [nil, "<svg/>"] {
                    let value = GraphPages.localGraphValue(GraphPicture(svg: svg, nodeCount: 1, edgeCount: 0), language: .en,
                                                           links: links, targets: site.navTargets)
                    #expect(value.child("dotHref")?.text == links.href(GraphPages.dotFile), "page '\(path)'")
                    #expect(value.child("graphHref")?.text == links.href(GraphPages.permalink), "page '\(path)'")
                    #expect(value.child("svg")?.text == svg)
                    #expect(value.child("hasPicture")?.isTruthy == (svg != nil))
                }
            }
        }
    }
}
