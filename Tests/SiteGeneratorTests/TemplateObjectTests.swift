import Diagnostics
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

    /// Names appended with fingerprints worked out beforehand (`TemplateObject.Name`) make the
    /// object setting them by subscript makes: same names in the same order, same values,
    /// found the same way below and above the size at which an index is kept.
    @Test func appendingDistinctNamesIsSettingThem() {
        let names = (0..<40).map { i in i % 2 == 0 ? "n\(i)" : "a.longer_key_name_\(i)_이름" }
        for size in [0, 1, 3, 4, TemplateObject.indexedCount, TemplateObject.indexedCount + 1, 40] {
            var appended = TemplateObject(minimumCapacity: 3)
            var set = TemplateObject()
            for (i, name) in names.prefix(size).enumerated() {
                appended.append(distinct: TemplateObject.Name(name), .int(i))
                set[name] = .int(i)
            }
            #expect(Array(appended.map(\.key)) == Array(set.map(\.key)))
            #expect(appended.printBits == set.printBits)
            for name in names + ["absent", ""] {
                #expect(appended[name]?.text == set[name]?.text, "\(name) in \(size)")
            }
        }
        let a = TemplateObject.Name("title"), b = TemplateObject.Name("href"), c = TemplateObject.Name("count")
        let d = TemplateObject.Name("contexts")
        let four = TemplateObject(a, "t", b, "h", c, 3, d, ["x"])
        let literal: TemplateObject = ["title": "t", "href": "h", "count": 3, "contexts": ["x"]]
        #expect(Array(four.map(\.key)) == Array(literal.map(\.key)))
        for name in ["title", "href", "count", "contexts", "other"] {
            #expect(four[name]?.text == literal[name]?.text)
        }
        #expect(TemplateObject(a, "t", b, "h")["href"]?.text == "h")
        #expect(TemplateObject(a, "t", b, "h", c, 1)["count"]?.text == "1")
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

    // MARK: - Fingerprints eight bytes at a time, objects made at once

    /// Names of every length around the eight-byte steps of `fingerprint` (ASCII, Korean,
    /// NFD, emoji, NUL and high bytes), some differing only in their last byte or in one
    /// byte inside a word.
    static func generatedNames() -> [String] {
        var names: [String] = ["", "\u{0}", "\u{0}\u{0}", "a", "a\u{0}", "e\u{301}", "\u{e9}", "이름", "\u{1100}\u{1161}", "가",
                               "🙂", "labels", "title", "titleHTML", "hasBacklinks"]
        let alphabets = ["abcdefghij", "가나다라마바사아자차", "e\u{301}u\u{308}", "🙂x", "_.-0"]
        var state: UInt64 = 0x1234_5678_9ABC_DEF1
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for length in 1...40 {
            for alphabet in alphabets {
                let characters = Array(alphabet)
                var name = ""
                for _ in 0..<length { name.append(characters[next(characters.count)]) }
                names.append(name)
                // The same but for the last character, and but for one in the middle.
                names.append(String(name.dropLast()) + "z")
                var chars = Array(name)
                chars[chars.count / 2] = "Q"
                names.append(String(chars))
            }
        }
        return names
    }

    /// Equal bytes, equal fingerprints, however the String is stored (literal, built, bridged
    /// from a substring, made from bytes); canonically equal names that differ in bytes
    /// (NFC and NFD) are still two names.
    @Test func fingerprintsFollowTheBytes() {
        let names = Self.generatedNames()
        var seen: [UInt64: String] = [:]
        var lowBits: UInt64 = 0
        for name in names {
            let print = TemplateObject.fingerprint(name)
            let rebuilt = String(decoding: Array(name.utf8), as: UTF8.self)
            let sliced = String(("<" + name + ">").dropFirst().dropLast())
            #expect(TemplateObject.fingerprint(rebuilt) == print)
            #expect(TemplateObject.fingerprint(sliced) == print)
            if let other = seen[print], !String.sameBytes(other, name) {
                Issue.record("\(name.unicodeScalars.map(\.value)) and \(other.unicodeScalars.map(\.value)) share a fingerprint")
            }
            seen[print] = name
            lowBits |= TemplateObject.bit(print)
        }
        // The bit each name sets in `printBits` spreads over all 64.
        #expect(lowBits == ~0)
        #expect(TemplateObject.fingerprint("e\u{301}") != TemplateObject.fingerprint("\u{e9}"))
    }

    /// Objects made every way (a literal, the two-to-four-name makers, a capacity then sets,
    /// sets one by one) from the generated names, small and past `indexedCount`, answer every
    /// lookup (by subscript, by fingerprint, in place through `storage`) as a dictionary keyed
    /// by the names' bytes does, and keep the order of first setting.
    @Test func objectsAgreeWithADictionaryOnGeneratedNames() {
        let names = Self.generatedNames()
        var state: UInt64 = 0xF00D_CAFE_0000_0001
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for round in 0..<300 {
            // Repeats on purpose: a name set twice keeps its place and its last value.
            let size = [2, 3, 4, 5, 23, 24, 25, 26, 60][round % 9]
            let pairs: [(String, TemplateValue)] = (0..<size).map { k in
                let name = next(4) == 0 && k > 0 ? names[next(names.count) % 8] : names[next(names.count)]
                return (name, .string("v\(round).\(k)"))
            }
            // The reference: keyed by bytes (`String ==` would merge NFC and NFD).
            var order: [[UInt8]] = []
            var reference: [[UInt8]: String] = [:]
            for (key, value) in pairs {
                let bytes = Array(key.utf8)
                if reference[bytes] == nil { order.append(bytes) }
                reference[bytes] = value.text
            }
            var made: [TemplateObject] = [TemplateObject(pairs, room: next(3))]
            var byKey = TemplateObject(minimumCapacity: next(40))
            for (key, value) in pairs { byKey[key] = value }
            made.append(byKey)
            let literal: TemplateValue
            switch size {
            case 2: literal = .object(pairs[0].0, pairs[0].1, pairs[1].0, pairs[1].1)
            case 3: literal = .object(pairs[0].0, pairs[0].1, pairs[1].0, pairs[1].1, pairs[2].0, pairs[2].1)
            case 4: literal = .object(pairs[0].0, pairs[0].1, pairs[1].0, pairs[1].1, pairs[2].0, pairs[2].1, pairs[3].0, pairs[3].1)
            default: literal = .object(TemplateObject(pairs, room: 0))
            }
            if case .object(let object) = literal { made.append(object) }
            for object in made {
                #expect(object.map { Array($0.key.utf8) } == order, "round \(round)")
                #expect(object.count == reference.count)
                for probe in names + pairs.map(\.0) {
                    let expected = reference[Array(probe.utf8)]
                    let print = TemplateObject.fingerprint(probe)
                    guard object[probe]?.text == expected, object.value(probe, print: print)?.text == expected,
                          object.storage.value(probe, print: print)?.pointee.text == expected else {
                        Issue.record("round \(round): \(probe.unicodeScalars.map(\.value)) is not \(String(describing: expected))")
                        return
                    }
                }
            }
            // Added to afterwards, as a page's context is: still as the dictionary says.
            var grown = made[0]
            let extra = names[next(names.count)]
            grown[extra] = "extra"
            reference[Array(extra.utf8)] = "extra"
            for probe in names where grown[probe]?.text != reference[Array(probe.utf8)] {
                Issue.record("round \(round), grown: \(probe.unicodeScalars.map(\.value))")
                return
            }
        }
    }
}
