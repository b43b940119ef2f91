import Diagnostics
import Markdown
import Notes
import Testing
@testable import SiteGenerator

/// The page contexts' shortcuts must give what the plain code gives: dates formatted from
/// bytes against `NoteDate`'s own texts, and tag slugs known from the site against slugs made
/// on the spot.
@Suite struct ContextFastPathTests {
    /// Every field at and around the widths the byte writer handles, and far outside them
    /// (negative, five digits, offsets beyond 99 hours), where `NoteDate` itself answers.
    @Test func datesAsNoteDateWritesThem() {
        let years = [0, 1, 9, 10, 99, 100, 999, 1000, 2025, 9999, 10000, 12345, -1, -5, -2025]
        let small = [0, 1, 9, 10, 12, 31, 59, 60, 99, 100, 123, -1, -10]
        let offsets: [Int?] = [nil, 0, 1, 59, 60, 3600, 32400, -32400, 19800, -34200, 359_999, 360_000, -359_999, -360_000, 45_296, -1]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func pick<T>(_ values: [T]) -> T {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return values[Int((state >> 33) % UInt64(values.count))]
        }
        var checked = 0
        for year in years {
            for _ in 0..<400 {
                let date = NoteDate(year: year, month: pick(small), day: pick(small), hour: pick(small), minute: pick(small),
                                    second: pick(small), utcOffsetSeconds: pick(offsets), hasTime: pick([true, false]))
                let day = TemplateValues.dayString(date)
                #expect(day == date.dayString, "\(date)")
                #expect(TemplateValues.rfc3339(date, day: day) == date.rfc3339, "\(date)")
                guard case .object(let value) = TemplateValues.date(date) else {
                    Issue.record("not an object")
                    return
                }
                #expect(value["day"]?.text == date.dayString)
                #expect(value["datetime"]?.text == (date.hasTime ? date.rfc3339 : date.dayString))
                #expect(value["rfc3339"]?.text == date.rfc3339)
                #expect(value["original"]?.text == date.original)
                checked += 1
            }
        }
        #expect(checked == years.count * 400)
        for text in ["2025-03-04", "2025-03-04T13:16:46.680+09:00", "2025-03-04 13:16:46 +0900", "2025-03-04T00:00Z", "0001-01-01"] {
            let date = try! #require(NoteDate(parsing: text))
            #expect(TemplateValues.rfc3339(date, day: TemplateValues.dayString(date)) == date.rfc3339)
        }
    }

    /// Tags as notes write them (padded, decomposed, reserved characters, empty), and other
    /// spellings no note wrote (canonically equal to a known one, or new): the slug is the one
    /// made from the trimmed, composed name either way.
    @Test func tagSlugsAsMadeOnTheSpot() throws {
        let written = ["딥러닝", " Deep Learning ", "deep-learning", "cafe\u{301}", "café", "a/b?c", "  ", "", "\u{212A}elvin",
                       "Kelvin", "..", "🙂 emoji", "\t탭\n", "e\u{301}\u{301}", "x#y%z"]
        var notes: [NotePage] = []
        for (i, tag) in written.enumerated() {
            notes.append(NotePage(path: NotePath("n\(i).md"), permalink: Permalink("n\(i)/"), title: "N\(i)",
                                  tags: [tag, written[(i + 3) % written.count]], bodyHTML: ""))
        }
        let site = try SiteModel(SiteInput(title: "T", notes: notes))
        func made(_ raw: String) -> String? {
            let name = raw.trimmingWhitespaceAndNewlines().nfc
            return name.isEmpty ? nil : TagPages.slug(for: name)
        }
        let others = ["caf\u{E9}", "Cafe\u{301}", "K\u{212A}", "new tag", " 딥러닝", "deep learning", "...", "\u{1100}\u{1161}"]
        for raw in written + others {
            #expect(site.slug(ofTag: raw) == made(raw), "\(raw.unicodeScalars.map { $0.value })")
        }
    }
}

/// The renderer writes pages into `PageBytes`; its escaping must be `HTML.escapeAttribute`'s,
/// byte for byte, and its buffer must keep every byte across growth.
@Suite struct PageBufferEscapingTests {
    @Test func escapesAsTheMarkdownModuleDoes() {
        let pieces = ["a", "&", "<", ">", "\"", "'", "노트", "e\u{301}", "🙂", "&amp;", "\n", "\t", "\u{0}", "`", "=", "?", "@", "~"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let out = PageBytes(capacity: 0)
        var expected: [UInt8] = []
        for _ in 0..<3_000 {
            let text = (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined()
            out.appendEscaped(text)
            expected += Array(HTML.escapeAttribute(text).utf8)
            let plain = pieces[next(pieces.count)]
            out.append(plain)
            expected += Array(plain.utf8)
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { out.appendEscaped($0) }
            expected += Array(HTML.escapeAttribute(text).utf8)
        }
        #expect(out.count == expected.count)
        #expect(out.bytes == expected)
        // Every byte value, alone and in a run.
        for b in UInt8.min...UInt8.max {
            let single = PageBytes(capacity: 1)
            [b, b, 0x61].withUnsafeBufferPointer { single.appendEscaped($0) }
            let entity: [UInt8] = switch b {
            case 0x26: Array("&amp;".utf8)
            case 0x3C: Array("&lt;".utf8)
            case 0x3E: Array("&gt;".utf8)
            case 0x22: Array("&quot;".utf8)
            case 0x27: Array("&#39;".utf8)
            default: [b]
            }
            #expect(single.bytes == entity + entity + [0x61], "\(b)")
        }
    }
}
