import Diagnostics
/// Interface strings in each supported language, offered to templates as `labels.<key>`.
/// Every language has every key (a test checks), so a template never prints an empty heading.
public enum Labels {
    public static func table(for language: InterfaceLanguage) -> [String: String] {
        var table: [String: String]
        switch language {
        case .en: table = english
        case .ko: table = korean
        }
        // A phrase around a date goes to the templates in the two parts either side of it
        // (`createdBefore`, `createdAfter`): the date sits in its own `<time>`.
        let patterns = patterns(for: language)
        for key in ["created", "updated"] {
            guard let (before, after) = patterns[key]?.parts(nil) else { continue }
            table[key + "Before"] = before
            table[key + "After"] = after
        }
        return table
    }

    /// A phrase that holds a number or a date, written whole in each language because the word
    /// order differs ("3 more notes", "노트 3개 더"; "Created 4 March", "3월 4일 작성"), with
    /// `{}` where the number or the date goes.
    public struct Pattern: Sendable, Equatable {
        /// For exactly one (English's singular); nil when the language has one form.
        public let one: String?
        public let other: String
        /// Each form split either side of `{}`, once: a concept page writes a count for every
        /// note mentioning it, and Foundation's search for `{}` cost some thousand
        /// instructions a count, 30 M in a 2,000-note build.
        private let oneParts: (before: String, after: String)?
        private let otherParts: (before: String, after: String)

        init(one: String? = nil, _ other: String) {
            self.one = one
            self.other = other
            oneParts = one.map(Self.split)
            otherParts = Self.split(other)
        }

        public static func == (a: Pattern, b: Pattern) -> Bool { a.one == b.one && a.other == b.other }

        /// `pattern` either side of its first `{}`, found by bytes (both are ASCII, so a match
        /// falls between characters); all of it before when there is none.
        static func split(_ pattern: String) -> (before: String, after: String) {
            let bytes = Array(pattern.utf8)
            guard bytes.count >= 2 else { return (pattern, "") }
            for k in 0..<(bytes.count - 1) where bytes[k] == UInt8(ascii: "{") && bytes[k + 1] == UInt8(ascii: "}") {
                return (String(decoding: bytes[..<k], as: UTF8.self), String(decoding: bytes[(k + 2)...], as: UTF8.self))
            }
            return (pattern, "")
        }

        /// The phrase for `n` (nil: no number, the `other` form), split either side of `{}`.
        public func parts(_ n: Int?) -> (before: String, after: String) {
            n == 1 ? (oneParts ?? otherParts) : otherParts
        }

        /// The phrase for `n`, with `n` written in: `before + String(n) + after`.
        ///
        /// Written as bytes into memory on the stack, then made a string once, without the
        /// UTF-8 check (two valid strings joined by ASCII digits are valid): a concept page
        /// writes the phrase for every note mentioning it, and the two concatenations and the
        /// number's String came to some eight hundred instructions a phrase.
        public func text(_ n: Int) -> String {
            let (before, after) = parts(n)
            return before.withUTF8Bytes { head in
                after.withUTF8Bytes { tail in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: head.count + PageBytes.longestDecimal + tail.count) { out in
                        var k = 0
                        for b in head { out[k] = b; k += 1 }
                        k += PageBytes.writeDecimal(n, at: out.baseAddress! + k)
                        for b in tail { out[k] = b; k += 1 }
                        return UTF8Text.string(ofWellFormed: UnsafeBufferPointer(rebasing: out[..<k]))
                    }
                }
            }
        }
    }

    /// The phrases with a number (`one` set where English needs its singular) or a date.
    public static func patterns(for language: InterfaceLanguage) -> [String: Pattern] {
        switch language {
        case .en: englishPatterns
        case .ko: koreanPatterns
        }
    }

    // Made once: each concept page asks for them.
    static let englishPatterns: [String: Pattern] = [
        "created": Pattern("Created {}"),
        "updated": Pattern("Updated {}"),
        "moreNotes": Pattern(one: "{} more note", "{} more notes"),
        "noteCount": Pattern(one: "{} note", "{} notes"),
        "mentionCount": Pattern(one: "{} mention", "{} mentions"),
    ]

    static let koreanPatterns: [String: Pattern] = [
        "created": Pattern("{} 작성"),
        "updated": Pattern("{} 수정"),
        "moreNotes": Pattern("외 노트 {}개"),
        "noteCount": Pattern("노트 {}개"),
        "mentionCount": Pattern("언급 {}회"),
    ]

    /// `date` as a reader of the language writes a day: `2025-03-04`, `2025년 3월 4일`.
    static func day(_ year: Int, _ month: Int, _ day: Int, iso: String, in language: InterfaceLanguage) -> String {
        switch language {
        case .en: iso
        case .ko: "\(year)년 \(month)월 \(day)일"
        }
    }

    static let english: [String: String] = [
        "aliases": "Also called",
        "allNotes": "All notes",
        "backlinks": "Backlinks",
        "builtWith": "Built with notegraph",
        "centralConcepts": "Key concepts",
        "conceptLinks": "Linked from",
        "concepts": "Concepts",
        "conceptsInNote": "Concepts in this note",
        "conceptsLead": "Every idea the notes define or talk about, with where.",
        "contents": "Contents",
        "created": "Created",
        "definedHere": "Defined in this note",
        "definitions": "Definitions",
        "feed": "Feed",
        "graph": "Graph",
        "home": "Home",
        "mentionCount": "Mentions in this note",
        // Older project templates glue a count to these two; the theme uses `patterns` instead.
        "moreNotes": "more notes",
        "noBacklinks": "No notes link here yet.",
        "noConcepts": "No concepts yet.",
        "noDefinitions": "No note defines this concept yet; it comes from the glossary.",
        "noNotes": "No notes yet.",
        "noOutgoing": "This note links to no other notes.",
        "notFound": "Page not found",
        "notFoundHint": "The page you asked for does not exist, or it has moved.",
        "notes": "Notes",
        "notesTagged": "Notes tagged",
        "subfolders": "Folders",
        "outgoing": "Outgoing links",
        "recent": "Recent",
        "relatedConcepts": "Related concepts",
        "search": "Search",
        "searchConcept": "Concept",
        "searchFailed": "The search index could not be loaded",
        "searchLoading": "Loading the index…",
        "searchNoResults": "No notes match",
        "searchPlaceholder": "Search notes and concepts",
        "searchTag": "Tag",
        "skipToContent": "Skip to content",
        "tags": "Tags",
        "toHome": "Go to the home page",
        "topLevel": "Top level",
        "undated": "Undated",
        "unlinkedMentions": "Unlinked mentions",
        "updated": "Updated",
    ]

    static let korean: [String: String] = [
        "aliases": "다른 이름",
        "allNotes": "전체 노트",
        "backlinks": "백링크",
        "builtWith": "notegraph로 만들었습니다",
        "centralConcepts": "핵심 개념",
        "conceptLinks": "링크한 노트",
        "concepts": "개념",
        "conceptsInNote": "이 노트의 개념",
        "conceptsLead": "노트가 정의하거나 언급하는 모든 개념과 그 위치.",
        "contents": "목차",
        "created": "작성",
        "definedHere": "이 노트에서 정의",
        "definitions": "정의",
        "feed": "피드",
        "graph": "그래프",
        "home": "홈",
        "mentionCount": "이 노트에서 언급된 횟수",
        "moreNotes": "개 노트 더",
        "noBacklinks": "아직 이 노트를 가리키는 노트가 없습니다.",
        "noConcepts": "아직 개념이 없습니다.",
        "noDefinitions": "이 개념을 정의한 노트는 아직 없습니다. 용어집에서 온 개념입니다.",
        "noNotes": "아직 노트가 없습니다.",
        "noOutgoing": "이 노트는 다른 노트로 연결되지 않습니다.",
        "notFound": "페이지를 찾을 수 없습니다",
        "notFoundHint": "요청한 페이지가 없거나 다른 곳으로 옮겨졌습니다.",
        "notes": "노트",
        "notesTagged": "태그가 달린 노트",
        "subfolders": "하위 폴더",
        "outgoing": "나가는 링크",
        "recent": "최근 노트",
        "relatedConcepts": "관련 개념",
        "search": "검색",
        "searchConcept": "개념",
        "searchFailed": "검색 색인을 불러오지 못했습니다",
        "searchLoading": "색인을 불러오는 중…",
        "searchNoResults": "맞는 노트가 없습니다",
        "searchPlaceholder": "노트와 개념 검색",
        "searchTag": "태그",
        "skipToContent": "본문으로 건너뛰기",
        "tags": "태그",
        "toHome": "홈으로 가기",
        "topLevel": "최상위",
        "undated": "날짜 없음",
        "unlinkedMentions": "링크 없이 언급한 노트",
        "updated": "수정",
    ]
}
