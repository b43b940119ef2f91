import Foundation
import Notes
@testable import SiteGenerator
import Testing
import TestSupport

/// The render path's fast ways: pages and their content rendered in place into the arrays
/// they are handed on as, lookups that skip stack levels by their names'
/// fingerprint bits, and the writer's folder of a path. Each is checked against the plain way.
@Suite struct RenderPathTests {
    // MARK: - Lookups past levels by fingerprint bits

    /// Names whose fingerprints share a bit with a name a level lacks must fall through to the
    /// level below, and a level that has the name must answer, whatever its size (with or
    /// without its fingerprint table) and whatever else is on the stack (strings, lists).
    @Test func lookupsFallThroughLevelsThatShareBitsButNotNames() throws {
        let target = "title"
        let bit = TemplateObject.bit(TemplateObject.fingerprint(target))
        var sameBit: [String] = []
        var i = 0
        while sameBit.count < 40 {
            let name = "n\(i)"
            if TemplateObject.bit(TemplateObject.fingerprint(name)) == bit { sameBit.append(name) }
            i += 1
        }
        let first = sameBit[0]
        for size in [1, 5, TemplateObject.indexedCount, TemplateObject.indexedCount + 1, 40] {
            var inner = TemplateObject()
            for name in sameBit.prefix(size) { inner[name] = .string("inner-\(name)") }
            #expect(inner.printBits & bit != 0)
            var withTitle = inner
            withTitle[target] = "inner-title"
            let context: TemplateObject = [
                "title": "outer-title", "inner": .object(inner), "withTitle": .object(withTitle),
                "words": ["w1", "w2"], "deep": ["inner": .object(inner)],
            ]
            let library = try TemplateLibrary(sources: ["t": """
                {{#inner}}{{title}}/{{\(first)}}/{{missing}}{{#words}}<{{.}}:{{title}}:{{\(first)}}>{{/words}}{{/inner}}
                {{#withTitle}}{{title}}{{#inner}}{{title}}{{/inner}}{{/withTitle}}
                {{deep.inner.title}}|{{deep.inner.\(first)}}|{{#deep}}{{inner.title}}{{title}}{{/deep}}
                {{^inner.title}}no{{/inner.title}}
                """])
            let rendered = try library.render("t", context)
            #expect(rendered == """
                outer-title/inner-\(first)/<w1:outer-title:inner-\(first)><w2:outer-title:inner-\(first)>
                inner-titleinner-title
                |inner-\(first)|outer-title
                no
                """, "size \(size)")
        }
    }

    /// Objects far past `indexedCount`, with removals, answer as a dictionary would (the
    /// fingerprint table regrows and is rebuilt).
    @Test func largeObjectsAgreeWithADictionary() {
        var rng = SplitMix(state: 77)
        var object = TemplateObject()
        var reference: [String: Int] = [:]
        let names = (0..<400).map { "k\($0)" } + (0..<100).map { "이름\($0)" } + [""]
        for step in 0..<6000 {
            let name = rng.pick(names)
            if rng.below(5) == 0 {
                object[name] = nil
                reference[name] = nil
            } else {
                object[name] = .int(step)
                reference[name] = step
            }
            if step % 97 == 0 || step > 5900 {
                for probe in names where object[probe]?.text != reference[probe].map(String.init) {
                    Issue.record("step \(step): \(probe) is \(String(describing: object[probe]?.text))")
                    return
                }
            }
        }
        #expect(object.count == reference.count)
    }

    // MARK: - The writer's folder of a path

    /// The folder of every checked path is what splitting on `/`, dropping the last part and
    /// joining gives.
    @Test func folderOfAPathIsTheSplitFolder() {
        var rng = SplitMix(state: 5)
        let parts = ["a", "index.html", "태그", "딥러닝", "x.y", "..a", "e\u{301}", " ", "a b"]
        for _ in 0..<2000 {
            let path = (0..<(1 + rng.below(5))).map { _ in rng.pick(parts) }.joined(separator: "/")
            guard OutputPath.problem(with: path) == nil else { continue }
            let expected = path.split(separator: "/").dropLast().joined(separator: "/")
            #expect(SiteStaging.folder(of: path) == expected, "\(path)")
        }
    }
}
