import Testing
@testable import SiteGenerator

/// The template object's lookups by fingerprint must answer exactly as a dictionary would.
@Suite struct TemplateObjectTests {
    @Test func repeatedLiteralKeyKeepsTheLastValue() {
        let object: TemplateObject = ["a": "1", "b": "2", "a": "3"]
        #expect(object.count == 2)
        #expect(object["a"]?.text == "3")
        #expect(object["b"]?.text == "2")
        #expect(object["c"] == nil)
    }

    @Test func settingNilRemovesAndSettingAgainReplaces() {
        var object: TemplateObject = [:]
        object["x"] = "1"
        object["y"] = "2"
        object["x"] = nil
        #expect(object["x"] == nil)
        #expect(object["y"]?.text == "2")
        object["y"] = "3"
        #expect(object.count == 1)
        #expect(object["y"]?.text == "3")
    }

    /// Random sets and removals, checked against a dictionary, across the size at which the
    /// object starts keeping an index (and back below it).
    @Test func agreesWithADictionaryThroughIndexing() {
        var object = TemplateObject()
        var reference: [String: String] = [:]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % n
        }
        let names = (0..<60).map { i in i % 3 == 0 ? "이름\(i)" : (i % 3 == 1 ? "k\(i)" : "a.longer_key_name_\(i)") }
        for step in 0..<5000 {
            let name = names[Int(next(UInt64(names.count)))]
            if next(4) == 0 {
                object[name] = nil
                reference[name] = nil
            } else {
                object[name] = .string("v\(step)")
                reference[name] = "v\(step)"
            }
            #expect(object.count == reference.count)
            for probe in names where object[probe]?.text != reference[probe] {
                Issue.record("step \(step): \(probe) is \(String(describing: object[probe]?.text)), expected \(String(describing: reference[probe]))")
                return
            }
        }
        #expect(object.mapValues(\.text) == reference)
    }

    @Test func lookupThroughTemplatePathsUsesTheSameFingerprints() throws {
        var labels = TemplateObject()
        for i in 0..<40 { labels["label\(i)"] = .string("L\(i)") }
        let context: TemplateObject = ["labels": .object(labels), "list": [["name": "one"], ["name": "two", "label3": "own"]]]
        let library = try TemplateLibrary(sources: ["main": "{{labels.label39}}|{{#list}}{{name}}:{{#labels}}{{label3}}{{/labels}};{{/list}}"])
        #expect(try library.render("main", context) == "L39|one:L3;two:L3;")
    }
}
