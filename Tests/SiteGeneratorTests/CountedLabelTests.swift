import Foundation
import Notes
import SiteGenerator
import Testing

/// Phrases with a number or a date are written whole per language: the number is not glued to
/// a label with a space ("+3 개 노트 더"), and a Korean date reads as Korean writes it.
@Suite struct CountedLabelTests {
    @Test func everyLanguageHasEveryPatternWithOneHole() {
        let english = Labels.patterns(for: .en)
        let korean = Labels.patterns(for: .ko)
        #expect(Set(english.keys) == Set(korean.keys))
        for pattern in Array(english.values) + Array(korean.values) {
            #expect(pattern.other.components(separatedBy: "{}").count == 2, "\(pattern.other)")
            if let one = pattern.one { #expect(one.components(separatedBy: "{}").count == 2, "\(one)") }
        }
    }

    /// A project's own templates, copied from an older theme, still find the labels they use.
    @Test func labelsOlderTemplatesUseAreStillThere() {
        for language in [InterfaceLanguage.en, .ko] {
            let table = Labels.table(for: language)
            for key in ["moreNotes", "notesTagged", "created", "updated", "mentionCount"] {
                #expect(table[key]?.isEmpty == false, "\(language) \(key)")
            }
        }
    }

    /// `Pattern.text` writes the phrase as bytes; it is the concatenation it replaced, for
    /// every pattern of both languages, at every width of number, both signs and the ends of Int.
    @Test func textIsThePartsAroundTheNumber() {
        var numbers = [0, 1, -1, 2, 9, 10, 11, 99, 100, 101, -100, 12345, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            numbers += [power - 1, power, power + 1, -power]
        }
        for language in [InterfaceLanguage.en, .ko] {
            for (key, pattern) in Labels.patterns(for: language) {
                for n in numbers {
                    let (before, after) = pattern.parts(n)
                    #expect(pattern.text(n) == before + String(n) + after, "\(language) \(key) \(n)")
                }
            }
        }
    }

    @Test func numbersSitWhereEachLanguagePutsThem() {
        let en = Labels.patterns(for: .en), ko = Labels.patterns(for: .ko)
        #expect(en["moreNotes"]!.text(1) == "1 more note")
        #expect(en["moreNotes"]!.text(3) == "3 more notes")
        #expect(ko["moreNotes"]!.text(3) == "외 노트 3개")
        #expect(ko["moreNotes"]!.text(1) == "외 노트 1개")
        #expect(en["noteCount"]!.text(1) == "1 note")
        #expect(ko["noteCount"]!.text(12) == "노트 12개")
        // A Korean counter follows its number directly.
        for pattern in ko.values { #expect(!pattern.other.contains("{} 개")) }
    }

    @Test func tagPageCountsNotesInBothLanguages() throws {
        let english = try Fixture.render(Fixture.input())
        #expect(Fixture.text(english, "tags/딥러닝/index.html").contains("<p class=\"lead\"><span class=\"count\">2</span> notes</p>"))
        #expect(Fixture.text(english, "tags/generative-models/index.html").contains("<p class=\"lead\"><span class=\"count\">1</span> note</p>"))
        let korean = try Fixture.render(Fixture.input(language: .ko))
        #expect(Fixture.text(korean, "tags/딥러닝/index.html").contains("<p class=\"lead\">노트 <span class=\"count\">2</span>개</p>"))
    }

    @Test func datesReadAsEachLanguageWritesThem() throws {
        let english = Fixture.text(try Fixture.render(Fixture.input()), "dl/vae/index.html")
        #expect(english.contains("<span class=\"note-date\">Created <time datetime=\"2025-03-04\">2025-03-04</time></span>"))
        #expect(english.contains("<span class=\"note-updated\">Updated <time datetime=\"2025-03-08T10:30:00+09:00\">2025-03-08</time></span>"))
        let files = try Fixture.render(Fixture.input(language: .ko))
        let korean = Fixture.text(files, "dl/vae/index.html")
        #expect(korean.contains("<span class=\"note-date\"><time datetime=\"2025-03-04\">2025년 3월 4일</time> 작성</span>"))
        #expect(korean.contains("<span class=\"note-updated\"><time datetime=\"2025-03-08T10:30:00+09:00\">2025년 3월 8일</time> 수정</span>"))
        // Lists show the Korean day too, the machine-readable one staying in `datetime`.
        #expect(Fixture.text(files, "index.html").contains("<time class=\"note-item-date\" datetime=\"2025-03-10T09:00:00+09:00\">2025년 3월 10일</time>"))
    }

    @Test func koreanPagesKeepTheirShape() throws {
        let files = try Fixture.render(Fixture.input(language: .ko))
        try GoldenTests.check(Fixture.text(files, "dl/vae/index.html"), against: "note-ko.html")
        try GoldenTests.check(Fixture.text(files, "tags/딥러닝/index.html"), against: "tag-ko.html")
    }
}
