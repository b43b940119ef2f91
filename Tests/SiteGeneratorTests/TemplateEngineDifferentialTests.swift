import Mustache
@testable import SiteGenerator
import Testing
import TestSupport

/// The theme was written for swift-mustache and rendered with it until notegraph got its own
/// engine. Random templates over random contexts must render to the same bytes with both,
/// wherever the two agree on the meaning (not: lists written as text, which swift-mustache
/// prints as Swift arrays).
@Suite struct TemplateEngineDifferentialTests {
    static let texts = ["x", " ", "\n", "  ", "<&>", "한글", "\"q\"", "'", "\t", "a\nb", "\r\n"]
    static let scalarNames = ["a", "b", "d.e", "missing", "d.missing"]
    static let sectionNames = ["a", "b", "c", "d", "t", "f", "empty", "missing"]

    func scalar(_ rng: inout SplitMix) -> TemplateValue {
        switch rng.below(7) {
        case 0: return .string(rng.pick(["", "plain", "<b>&amp;</b>", "변분 오토인코더", "it's \"quoted\"", "line\nbreak"]))
        // Rendered HTML handed on as bytes (a page's content in its layout) escapes the same.
        case 4: return .bytes(Array(rng.pick(["", "<p>a & 'b'</p>", "변분 \"오토\"", "x>y"]).utf8))
        // Bytes in the middle of a buffer shared with other text (a mention's sentence part).
        case 6:
            let part = Array(rng.pick(["", "<p>a & 'b'</p>", "변분 \"오토\"", "x>y 😀"]).utf8)
            let buffer = Array("<&>".utf8) + part + Array("'\"".utf8)
            return .utf8Slice(buffer, from: 3, to: UInt32(3 + part.count))
        case 1: return .int(rng.below(100) - 50)
        case 2: return .bool(rng.below(2) == 0)
        case 3: return .double(Double(rng.below(1000)) / 8)
        default: return .string("s\(rng.below(10))")
        }
    }

    func context(_ rng: inout SplitMix) -> TemplateContext {
        var items: [TemplateValue] = []
        for _ in 0..<rng.below(4) { items.append(["a": scalar(&rng), "b": scalar(&rng)]) }
        return [
            "a": scalar(&rng), "b": scalar(&rng), "c": .list(items), "d": ["e": scalar(&rng)],
            "t": true, "f": false, "empty": [],
        ]
    }

    func template(_ rng: inout SplitMix, depth: Int = 0) -> String {
        var out = ""
        for _ in 0..<(1 + rng.below(6)) {
            switch rng.below(depth < 3 ? 9 : 5) {
            case 0, 1: out += rng.pick(Self.texts)
            case 2: out += "[{{\(rng.pick(Self.scalarNames))}}]"
            case 3: out += "[{{{\(rng.pick(Self.scalarNames))}}}]"
            case 4: out += rng.pick(["[{{! note }}]", "\n{{! standalone }}\n", "[{{& \(rng.pick(Self.scalarNames)) }}]"])
            default:
                let name = rng.pick(Self.sectionNames)
                let sigil = rng.below(3) == 0 ? "^" : "#"
                let inner = template(&rng, depth: depth + 1)
                // Standalone or inline tags, so both whitespace rules are exercised. Inline
                // tags are fenced by text: swift-mustache takes a tag that shares its line with
                // another tag and nothing else (`{{#a}}{{/a}}`, `{{x}}{{> p}}`) as standalone,
                // which the spec does not, and notegraph follows the spec.
                if rng.below(2) == 0 {
                    out += "\n{{\(sigil)\(name)}}\n\(inner)\n{{/\(name)}}\n"
                } else {
                    out += "[{{\(sigil)\(name)}}\(inner){{/\(name)}}]"
                }
            }
        }
        return out
    }

    static func any(_ value: TemplateValue) -> Any {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b
        case .int(let i): return i
        case .double(let d): return d
        case .list(let items): return items.map(any)
        case .object(let object): return object.mapValues(any)
        case .utf8(let bytes, let count): return String(decoding: bytes[..<count], as: UTF8.self)
        case .utf8Slice(let bytes, let from, let to): return String(decoding: bytes[Int(from)..<Int(to)], as: UTF8.self)
        }
    }

    @Test func randomTemplatesRenderAsWithSwiftMustache() throws {
        var rng = SplitMix(state: 20_261_129)
        for round in 0..<3000 {
            let text = template(&rng)
            // swift-mustache drops a template's last line when it holds only blanks ("\t").
            let partial = "<" + template(&rng) + ">"
            let main = text + (rng.below(3) == 0 ? "\n{{> p}}\n" : "[{{> p}}]")
            let context = context(&rng)

            var reference = MustacheLibrary()
            reference.register(try MustacheTemplate(string: main), named: "main")
            reference.register(try MustacheTemplate(string: partial), named: "p")
            let expected = reference.render(Self.any(.object(context)), withTemplate: "main")

            let ours = try TemplateLibrary(sources: ["main": main, "p": partial]).render("main", context)
            #expect(ours == expected, """
                round \(round): \(main.debugDescription) with p = \(partial.debugDescription) and \(context)
                ours: \((ours ?? "nil").debugDescription)
                swift-mustache: \((expected ?? "nil").debugDescription)
                """)
            if ours != expected { break }
        }
    }
}
