@testable import SiteGenerator
import Diagnostics
import Markdown
import Testing
import TestSupport

/// The compiled renderer (`CompiledTemplate`, read through pointers into the context) against
/// the tree-walking renderer it replaced (`ReferenceTemplateRenderer`): random templates using
/// every tag kind — values escaped and not, dotted names, sections and inverted sections over
/// lists, objects, booleans, strings, numbers, missing and empty values, partials inline and
/// indented, parents with blocks, comments and set delimiters — over random contexts (objects
/// large enough to be indexed, Korean and NFD names, bytes values) must render the same bytes,
/// or fail with the same message.
@Suite struct CompiledTemplateDifferentialTests {
    static let texts = ["x", " ", "\n", "  ", "<&>", "한글", "\"q\"", "'", "\t", "a\nb", "\r\n", "e\u{301}"]
    static let keys = ["a", "b", "c", "d", "e", "t", "f", "empty", "list", "obj", "big", "이름", "e\u{301}", "\u{e9}", "n", "s", "."]
    static let dotted = ["obj.a", "obj.b", "obj.obj.a", "big.k7", "big.k30", "big.missing", "list.a", "d.e", "a.b", "missing.a", "obj.list"]

    func scalar(_ rng: inout SplitMix) -> TemplateValue {
        switch rng.below(8) {
        case 0: return .string(rng.pick(["", "plain", "<b>&amp;</b>", "변분 오토인코더", "it's \"quoted\"", "line\nbreak"]))
        case 1: return .int(rng.below(100) - 50)
        case 2: return .bool(rng.below(2) == 0)
        case 3: return .double(Double(rng.below(1000)) / 8)
        case 4: return .bytes(Array(rng.pick(["", "<p>a & 'b'</p>", "변분 \"오토\"", "x>y"]).utf8))
        case 5: return .list((0..<rng.below(3)).map { _ in .string("i\(rng.below(9))") })
        default: return .string("s\(rng.below(10))")
        }
    }

    func object(_ rng: inout SplitMix, depth: Int) -> TemplateObject {
        var object = TemplateObject()
        for _ in 0..<rng.below(7) {
            let key = rng.pick(Self.keys.filter { $0 != "." })
            object[key] = depth < 2 && rng.chance(30) ? value(&rng, depth: depth + 1) : scalar(&rng)
        }
        if rng.chance(20) { object[rng.pick(Self.keys.filter { $0 != "." })] = nil }
        return object
    }

    func value(_ rng: inout SplitMix, depth: Int) -> TemplateValue {
        switch rng.below(3) {
        case 0: return .object(object(&rng, depth: depth))
        case 1: return .list((0..<rng.below(4)).map { _ in rng.chance(70) ? .object(object(&rng, depth: depth + 1)) : scalar(&rng) })
        default: return scalar(&rng)
        }
    }

    func context(_ rng: inout SplitMix) -> TemplateContext {
        var context = object(&rng, depth: 0)
        var big = TemplateObject()
        // Past `TemplateObject.indexedCount`, so lookups go through the index too.
        for i in 0..<(rng.chance(50) ? 40 : 5) { big["k\(i)"] = .string("v\(i)<") }
        context["big"] = .object(big)
        context["list"] = .list((0..<rng.below(4)).map { _ in .object(object(&rng, depth: 1)) })
        context["obj"] = .object(object(&rng, depth: 1))
        context["t"] = true
        context["f"] = false
        context["empty"] = []
        return context
    }

    func name(_ rng: inout SplitMix) -> String {
        rng.chance(30) ? rng.pick(Self.dotted) : rng.pick(Self.keys)
    }

    func template(_ rng: inout SplitMix, depth: Int = 0, partials: [String]) -> String {
        var out = ""
        for _ in 0..<(1 + rng.below(5)) {
            // Sections (8 and above) only down to a depth of three.
            switch rng.below(depth < 3 ? 12 : 8) {
            case 0, 1: out += rng.pick(Self.texts)
            case 2: out += "[{{\(name(&rng))}}]"
            case 3: out += "[{{{\(name(&rng))}}}]"
            case 4: out += rng.pick(["[{{! note }}]", "\n{{! standalone }}\n", "[{{& \(name(&rng)) }}]", "{{=<% %>=}}<%\(name(&rng))%><%={{ }}=%>"])
            case 5 where !partials.isEmpty:
                let partial = rng.pick(partials)
                out += rng.pick(["[{{> \(partial)}}]", "\n{{> \(partial)}}\n", "\n  {{> \(partial)}}\n", "\n\t{{>\(partial)}}\r\n"])
            case 6 where !partials.isEmpty:
                // A parent with some blocks of its own; a missing block keeps its default.
                let block = rng.pick(["x", "y"])
                let parent = rng.pick(partials)
                out += "{{< \(parent)}}{{$\(block)}}(\(rng.pick(Self.texts)){{\(name(&rng))}}){{/\(block)}}{{/\(parent)}}"
            case 5, 6:
                out += rng.pick(Self.texts)
            case 7:
                let block = rng.pick(["x", "y"])
                out += "{{$\(block)}}<default \(rng.pick(Self.texts))>{{/\(block)}}"
            default:
                let section = rng.chance(20) ? rng.pick(Self.dotted) : rng.pick(Self.keys)
                let sigil = rng.below(3) == 0 ? "^" : "#"
                let inner = template(&rng, depth: depth + 1, partials: partials)
                if rng.below(2) == 0 {
                    out += "\n{{\(sigil)\(section)}}\n\(inner)\n{{/\(section)}}\n"
                } else {
                    out += "[{{\(sigil)\(section)}}\(inner){{/\(section)}}]"
                }
            }
        }
        return out
    }

    func compare(_ sources: [String: String], _ context: TemplateContext, round: Int) throws -> Bool {
        let library: TemplateLibrary
        do { library = try TemplateLibrary(sources: sources) } catch { return true }
        let reference = try ReferenceTemplateRenderer(sources: sources)
        var expected: String?
        var expectedError: String?
        do { expected = try reference.render("main", context) } catch { expectedError = error.message }
        var ours: String?
        var ourError: String?
        do { ours = try library.render("main", context) } catch { ourError = error.message }
        #expect(ours == expected && ourError == expectedError, """
            round \(round): \(sources) with \(context)
            ours: \((ours ?? "nil").debugDescription) \(ourError ?? "")
            reference: \((expected ?? "nil").debugDescription) \(expectedError ?? "")
            """)
        return ours == expected && ourError == expectedError
    }

    @Test func randomTemplatesRenderAsTheTreeWalker() throws {
        var rng = SplitMix(state: 20_261_130)
        var rendered = 0
        for round in 0..<3000 {
            var sources: [String: String] = [:]
            let partialNames = Array(["p", "q"].prefix(rng.below(3)))
            for name in partialNames {
                // A partial may include the other, or itself (a loop, which both must report).
                sources[name] = template(&rng, depth: 1, partials: rng.chance(10) ? partialNames : [])
            }
            sources["main"] = template(&rng, partials: partialNames)
            let context = context(&rng)
            if (try? TemplateLibrary(sources: sources)) != nil { rendered += 1 }
            guard try compare(sources, context, round: round) else { break }
        }
        // Most generated templates parse (a set of blocks or a parent may be malformed).
        #expect(rendered > 2000)
    }

    @Test func sectionsOverEveryKindOfValue() throws {
        let context: TemplateContext = [
            "list": [["n": "1"], "two", 3, true, [], ["n": ["m": "deep"]]],
            "obj": ["n": "O", "inner": ["n": "I"]],
            "t": true, "f": false, "empty": [], "s": "", "zero": 0, "d": .double(0.5),
            "bytes": .bytes(Array("<b>&</b>".utf8)), "n": "root",
        ]
        for template in [
            "{{#list}}[{{.}}|{{n}}|{{n.m}}]{{/list}}",
            "{{#obj}}{{n}}{{#inner}}{{n}}{{obj.n}}{{/inner}}{{n}}{{/obj}}{{n}}",
            "{{#t}}{{n}}{{/t}}{{#f}}F{{/f}}{{^f}}notF{{/f}}{{#empty}}E{{/empty}}{{^empty}}notE{{/empty}}",
            "{{#s}}S{{.}}{{/s}}{{#zero}}Z{{.}}{{/zero}}{{#d}}{{.}}{{/d}}{{#bytes}}{{.}}{{{.}}}{{/bytes}}",
            "{{^missing}}M{{/missing}}{{#missing}}X{{/missing}}{{^list}}L{{/list}}{{list}}",
            "{{#list}}{{#.}}<{{.}}>{{/.}}{{/list}}",
        ] {
            #expect(try compare(["main": template], context, round: 0))
        }
    }

    @Test func partialsAndParentsNestAndLoopTheSameWay() throws {
        let context: TemplateContext = ["items": [["x": "1"], ["x": "2"]], "x": "top"]
        let cases: [[String: String]] = [
            ["main": "a\n  {{> p}}\nb", "p": "{{#items}}\n{{x}}\n  {{> q}}\n{{/items}}\n", "q": "<{{x}}>\nline"],
            ["main": "{{< base}}{{$title}}T{{x}}{{/title}}{{/base}}", "base": "[{{$title}}default{{/title}}|{{$other}}o{{/other}}]"],
            ["main": "{{< mid}}{{$a}}main-a{{/a}}{{/mid}}", "mid": "{{< base}}{{$a}}mid-a{{/a}}{{$b}}mid-b{{/b}}{{/base}}",
             "base": "{{$a}}base-a{{/a}}{{$b}}base-b{{/b}}{{$c}}base-c{{/c}}"],
            ["main": "\t{{< base}}\n{{$a}}\nA\n{{/a}}\n{{/base}}\n", "base": "x\n  {{$a}}\n  dflt\n  {{/a}}\ny\n"],
            ["main": "{{> loop}}", "loop": "x{{> loop}}"],
            ["main": "{{< loop}}{{/loop}}", "loop": "{{< loop}}{{/loop}}"],
            ["main": "{{#items}}{{> loop}}{{/items}}", "loop": "{{x}}{{#items}}{{> loop}}{{/items}}"],
        ]
        for sources in cases {
            #expect(try compare(sources, context, round: 0))
        }
    }

    /// Contents rendered in place rather than in a call of their own (a section over `true`, an
    /// inverted section over a false value, a block nothing replaces): nested in one another
    /// and in list items, at the very start and end of a template, a list item, a block that
    /// replaces one and a partial, with text after each, so that going on past them must stop
    /// where the enclosing range does.
    @Test func inPlaceContentsEndWhereTheirRangeEnds() throws {
        let context: TemplateContext = ["items": [["x": "1", "t": true], ["x": "2", "t": false]], "x": "top",
                                        "t": true, "f": false, "empty": []]
        let cases: [[String: String]] = [
            ["main": "{{#t}}a{{#t}}b{{^f}}c{{/f}}d{{/t}}e{{/t}}f"],
            ["main": "{{#t}}{{^f}}{{#t}}x{{/t}}{{/f}}{{/t}}"],
            ["main": "{{#items}}[{{#t}}{{x}}{{/t}}{{^t}}-{{x}}{{/t}}]{{/items}}after{{#t}}!{{/t}}"],
            ["main": "{{#items}}{{^empty}}{{x}}{{#t}}T{{/t}}{{/empty}}{{/items}}{{^empty}}end{{/empty}}"],
            ["main": "<{{> p}}>{{x}}", "p": "{{#t}}in{{^f}}p{{/f}}{{/t}}"],
            ["main": "{{< base}}{{$a}}{{#t}}A{{^f}}a{{/f}}{{/t}}{{/a}}{{/base}}tail",
             "base": "[{{$a}}{{#t}}dflt{{/t}}{{/a}}|{{$b}}{{^f}}B{{#t}}b{{/t}}{{/f}}{{/b}}]{{#t}}after{{/t}}"],
            ["main": "{{< base}}{{/base}}", "base": "{{$a}}{{$b}}{{#t}}ab{{/t}}{{/b}}{{/a}}{{#f}}no{{/f}}{{^f}}end{{/f}}"],
            ["main": "{{#items}}{{< base}}{{$a}}{{#t}}{{x}}{{/t}}{{/a}}{{/base}}{{/items}}",
             "base": "({{$a}}d{{/a}}{{^t}}!{{/t}})"],
        ]
        for sources in cases {
            #expect(try compare(sources, context, round: 0))
        }
        #expect(try TemplateLibrary(sources: ["main": "{{#t}}a{{#t}}b{{^f}}c{{/f}}d{{/t}}e{{/t}}f"]).render("main", context) == "abcdef")
    }

    /// Names are told apart by their bytes and fingerprints as before: an NFD key is not the
    /// NFC name, and a name found in an indexed object is the same as in a scanned one.
    @Test func namesMatchAsBefore() throws {
        var big = TemplateObject()
        for i in 0..<60 { big["k\(i)"] = .string("v\(i)") }
        big["e\u{301}"] = "nfd"
        let context: TemplateContext = ["e\u{301}": "NFD", "big": .object(big), "이름": "한"]
        #expect(try compare(["main": "[{{\u{e9}}}][{{e\u{301}}}][{{big.e\u{301}}}][{{big.\u{e9}}}][{{big.k59}}][{{이름}}]"], context, round: 0))
        #expect(try TemplateLibrary(sources: ["main": "[{{\u{e9}}}][{{e\u{301}}}][{{big.k59}}]"]).render("main", context) == "[][NFD][v59]")
    }
}

/// `PageBytes.appendEscaped` (Markdown's escaping loop, which skips eight bytes at a time,
/// writing into the page buffer as it grows) against the escape written byte by byte, on random
/// bytes dense and sparse in special characters, at every length and alignment, UTF-8 or not.
@Suite struct PageBytesEscapingTests {
    static let specials: [UInt8] = Array("\"&'<>".utf8)
    /// Bytes next to the specials (one bit off), which a wrong word test would confuse with them.
    static let neighbours: [UInt8] = [0x21, 0x23, 0x24, 0x25, 0x28, 0x3B, 0x3D, 0x3F, 0xA2, 0xA6, 0xA7, 0xBC, 0xBE, 0x62, 0x66, 0x00, 0xFF, 0x01, 0x80]

    /// The escape byte by byte, as `HTML.escapeAttribute` defines it.
    func reference(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for b in bytes {
            switch b {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x22: out += Array("&quot;".utf8)
            case 0x27: out += Array("&#39;".utf8)
            default: out.append(b)
            }
        }
        return out
    }

    func escaped(_ bytes: [UInt8], prefix: Int) -> [UInt8] {
        // Written after `prefix` bytes already in a small buffer, so it regrows midway too.
        let out = PageBytes(capacity: 8)
        let lead = [UInt8](repeating: 0x78, count: prefix)
        lead.withUnsafeBufferPointer { out.append($0) }
        bytes.withUnsafeBufferPointer { out.appendEscaped($0) }
        return Array(out.bytes.dropFirst(prefix))
    }

    @Test func sameBytesAsTheByteLoop() {
        var rng = SplitMix(state: 0x5EED_E5CA)
        for round in 0..<20_000 {
            let density = rng.pick([0, 1, 5, 20, 60])
            let length = rng.below(round < 200 ? 40 : 300)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                if rng.chance(density) {
                    bytes.append(rng.pick(Self.specials))
                } else if rng.chance(20) {
                    bytes.append(rng.pick(Self.neighbours))
                } else {
                    bytes.append(UInt8(truncatingIfNeeded: rng.next()))
                }
            }
            let expected = reference(bytes)
            let ours = escaped(bytes, prefix: rng.below(9))
            if ours != expected {
                Issue.record("round \(round): \(bytes) escaped to \(ours), expected \(expected)")
                return
            }
        }
    }

    /// The clean prefix copied before the loop starts: whole words, up to the word of the
    /// first special byte (or all the bytes when there is none), for every byte value at every
    /// position of buffers shorter and longer than a word.
    @Test func cleanPrefixStopsAtTheFirstSpecialWord() {
        for length in 1...19 {
            for position in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = UInt8(value)
                    let clean = bytes.withUnsafeBufferPointer { PageBytes.cleanPrefix($0) }
                    if Self.specials.contains(UInt8(value)) {
                        // Before the word holding it; the short last part counts as the word
                        // that ends the buffer, which starts where the whole words stop.
                        let expected = length < 8 ? 0 : min(position / 8 * 8, length / 8 * 8)
                        #expect(clean == expected, "\(length) \(position) \(value)")
                    } else {
                        #expect(clean == length, "\(length) \(position) \(value)")
                    }
                }
            }
        }
        #expect([UInt8]().withUnsafeBufferPointer { PageBytes.cleanPrefix($0) } == 0)
    }

    @Test func everySpecialAtEveryPositionOfAWord() {
        for special in Self.specials {
            for length in 1...24 {
                for position in 0..<length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = special
                    #expect(escaped(bytes, prefix: 0) == reference(bytes))
                }
            }
        }
        // Words of one byte repeated, a special one or its neighbours, through the eight-byte pass.
        for byte: UInt8 in [0xFF, 0, 0x22, 0x21, 0x3D, 0x23, 0x01, 0x27, 0x26, 0x3C, 0x3E, 0x3F, 0x25] {
            for length in [8, 9, 16, 17] {
                let bytes = [UInt8](repeating: byte, count: length)
                #expect(escaped(bytes, prefix: 0) == reference(bytes))
            }
        }
    }
}

/// `PageBytes.append`, which copies runs of up to sixty-four bytes itself (sixteen at a time,
/// overlapping words, halves, or three single bytes) rather than through `memcpy`: every length around those
/// cut-offs, at every offset in the source and the page, in a buffer that regrows while
/// writing, gives exactly the bytes appended; a short copy writes no byte outside its run.
@Suite struct PageBytesAppendTests {
    @Test func sameBytesAtEveryLengthAndOffset() {
        let source = (0..<96).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for length in 0...80 {
            for start in 0..<8 {
                for lead in 0..<9 {
                    let out = PageBytes(capacity: 8)
                    var expected = [UInt8](repeating: 0xEE, count: lead)
                    expected.withUnsafeBufferPointer { out.append($0) }
                    let piece = Array(source[start..<start + length])
                    piece.withUnsafeBufferPointer { out.append($0) }
                    expected += piece
                    // And a byte after it, which must land where the copy ended.
                    [0xDD].withUnsafeBufferPointer { out.append($0) }
                    expected.append(0xDD)
                    #expect(out.bytes == expected, "length \(length) start \(start) lead \(lead)")
                }
            }
        }
    }

    @Test func shortCopiesWriteOnlyTheirBytes() {
        for n in 1...70 {
            let source = (1...n).map { UInt8(truncatingIfNeeded: $0) }
            var target = [UInt8](repeating: 0, count: n + 2)
            source.withUnsafeBufferPointer { from in
                target.withUnsafeMutableBufferPointer { to in
                    ByteCopy.copy(from: from.baseAddress!, to: to.baseAddress! + 1, count: n)
                }
            }
            #expect(target == [0] + source + [0], "n \(n)")
        }
    }
}

/// `PageBytes.appendDecimal`, which writes `{{count}}` and the like without a String: the
/// bytes of `String(value)` for every width, both signs and the ends of `Int`, in a buffer
/// that regrows while writing.
@Suite struct PageBytesDecimalTests {
    @Test func sameBytesAsString() {
        var values: [Int] = [0, 1, -1, 9, 10, -10, 99, 100, 12345, -98765, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
        }
        for (k, value) in values.enumerated() {
            let out = PageBytes(capacity: 8)
            let lead = [UInt8](repeating: 0x78, count: k % 9)
            lead.withUnsafeBufferPointer { out.append($0) }
            out.appendDecimal(value)
            out.appendDecimal(value)
            #expect(Array(out.bytes.dropFirst(lead.count)) == Array((String(value) + String(value)).utf8), "\(value)")
        }
    }
}

/// Pages render templates by number (`TemplateLibrary.number(of:)`), looked up once a page:
/// the same bytes as by name, and the same size hints whichever way sizes are noted.
@Suite struct TemplateNumberTests {
    @Test func byNumberAsByName() throws {
        let sources = ["layout": "<{{{content}}}|{{x}}>", "note": "{{#items}}{{x}}{{> p}}{{/items}}", "p": "[{{x}}]", "a/b": "{{^x}}none{{/x}}"]
        let library = try TemplateLibrary(sources: sources)
        let context: TemplateContext = ["items": [["x": "1"], ["x": "<2>"]], "x": "top", "content": .bytes(Array("C".utf8))]
        for name in sources.keys {
            let number = try #require(library.number(of: name))
            let out = PageBytes(capacity: 0)
            try library.render(number: number, context, into: out)
            #expect(String(decoding: out.bytes, as: UTF8.self) == (try library.render(name, context)), "\(name)")
        }
        #expect(library.number(of: "missing") == nil)
        #expect(Set(sources.keys.compactMap { library.number(of: $0) }).count == sources.count)
    }

    @Test func sizeHintsByNumberAndByName() throws {
        let library = try TemplateLibrary(sources: ["layout": "x", "note": "y"])
        let note = try #require(library.number(of: "note"))
        #expect(library.sizeHint(note) == 16 * 1024)
        #expect(library.sizeHint("missing") == 16 * 1024)
        library.noteSize(note, 0)
        #expect(library.sizeHint("note") == 16 * 1024)
        library.noteSize("note", 300)
        #expect(library.sizeHint(note) == 300)
        library.noteSize(note, 200)
        #expect(library.sizeHint("note") == 300)
        library.noteSize(note, 10 * TemplateLibrary.largestSizeHint)
        #expect(library.sizeHint(note) == TemplateLibrary.largestSizeHint)
        #expect(library.sizeHint("layout") == 16 * 1024)
    }
}
